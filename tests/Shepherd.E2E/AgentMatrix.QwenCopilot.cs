using Shepherd.FakeModel;

namespace Shepherd.E2E;

public abstract partial class AgentMatrix
{
    /// <summary>The interrupted prompt reached the model once in the resumed turn: the agent kept it (agents.md says Qwen
    /// drops a prompt killed before any reply; 0.24.4 does not) and Shepherd did not send it again.</summary>
    internal static void PromptSentOnce(AgentWorld w, RecordedRequest resumed, string why) =>
        resumed.EarlierUserTexts.Count(x => x.Contains(w.Marker, StringComparison.Ordinal)).ShouldBe(1, why);
}

public sealed class Qwen() : AgentMatrix("qwen");
public sealed class Copilot() : AgentMatrix("copilot");
public sealed class Qwen500() : ServerErrorCell("qwen");
public sealed class Copilot500() : ServerErrorCell("copilot");
public sealed class QwenDrop() : DroppedConnectionCell("qwen");
public sealed class CopilotDrop() : DroppedConnectionCell("copilot");
