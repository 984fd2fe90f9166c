using System.Text;
using System.Text.Json;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Tasks;
using Shouldly;
using C = Shepherd.Agents.ConversationErrors;
using G = Shepherd.Tests.Unit.GeminiCapturedOutput;
using L = Shepherd.Tests.Unit.RealQwenCopilotLines;
using N = Shepherd.Tests.Unit.RealNextAgentConversationErrors;

namespace Shepherd.Tests.Unit;

/// <summary>Gemini, Qwen and Copilot in the hooks the conversation depends on: the id their own events report (a verified
/// resume), when they answered their prompt, their events in a person's words, and a conversation that cannot go on (a
/// handoff), each from the lines the real CLIs printed.</summary>
public sealed class NextAgentHookSpecs
{
    /// <summary>As Gemini CLI 0.61.0's non-interactive run emits a reply chunk (runNonInteractive: role assistant, delta).</summary>
    private const string GeminiReply = """{"type":"message","timestamp":"2026-12-04T20:34:55.470Z","role":"assistant","content":"OK","delta":true}""";

    private static AgentContext Ctx(string agent) => new(
        new TaskRecord { Id = 7, Name = "fix", Agent = agent, ProjectDir = "/src/app", TmuxSession = "s" }, "/state/tasks/fix", Encoding.UTF8.GetBytes("do it"));

    private static AgentRunFacts Facts(string agent, params string[] stdout)
    {
        var p = AgentRegistry.Get(agent).NewParser(Ctx(agent));
        p.Facts.ResumedId = "resumed-id";
        foreach (var line in stdout) p.OnLine(line, false);
        return p.Facts;
    }

    private static Verdict Run(string agent, int exit, string[] stdout, params string[] stderr)
    {
        var a = AgentRegistry.Get(agent);
        var p = a.NewParser(Ctx(agent));
        p.Facts.ResumedId = "resumed-id";
        foreach (var line in stdout) p.OnLine(line, false);
        foreach (var line in stderr) p.OnLine(line, true);
        return a.Classify(ExitStatus.Exited(exit), p.Facts);
    }

    private static List<string?> Describe(string agent, params string[] lines) =>
        [.. lines.Select(l => { using var d = JsonDocument.Parse(l); return AgentRegistry.Get(agent).Describe(d.RootElement)?.ToString(); }).Where(t => t is not null)];

    [Fact]
    public void Each_reports_the_conversation_it_runs_in_its_own_events()
    {
        Facts("gemini", G.Init).ReportedId.ShouldBe("9efb16bd-6640-4fcd-b428-ec1bf0bc04ac");
        Facts("qwen", L.QwenSuccess).ReportedId.ShouldBe("11111111-1111-4111-8111-111111111111");
        // Copilot names it only in its last event.
        Facts("copilot", L.CopilotSuccess[..^1]).ReportedId.ShouldBeNull();
        Facts("copilot", L.CopilotSuccess).ReportedId.ShouldBe("c0c0c0c0-0000-4000-8000-000000000040");
        foreach (var agent in new[] { "gemini", "qwen", "copilot" })
        {
            AgentRegistry.Get(agent).ExpectedReportedId(Ctx(agent), "the-id").ShouldBe("the-id");
            AgentRegistry.Get(agent).TurnEndEvent.ShouldBe("result");
        }
    }

    [Fact]
    public void A_finished_turn_or_a_real_reply_is_an_answer_an_api_error_is_not()
    {
        Facts("gemini", G.Init, G.UserMessage, GeminiReply).Answered.ShouldBeFalse(); // Gemini drops a failed turn, reply and all
        Facts("gemini", G.Init, G.UserMessage, GeminiReply, G.Success).Answered.ShouldBeTrue();
        Facts("gemini", G.Init, G.UserMessage, G.Error500).Answered.ShouldBeFalse();
        Facts("qwen", L.QwenSuccess[..3]).Answered.ShouldBeTrue(); // its assistant message "OK"
        Facts("qwen", L.QwenServerError).Answered.ShouldBeFalse(); // "[API Error: 500 …]" as an assistant message is none
        Facts("qwen", N.QwenRefusedRun).Answered.ShouldBeFalse();
        Facts("copilot", L.CopilotSuccess[..7]).Answered.ShouldBeTrue(); // assistant.message "OK"
        Facts("copilot", L.CopilotServerError).Answered.ShouldBeFalse();
        Facts("copilot", L.CopilotSigterm).Answered.ShouldBeFalse(); // exitCode 0 after an aborted turn
    }

    [Fact]
    public void Each_keeps_a_prompt_it_never_answered_so_a_resume_says_continue()
    {
        // Gemini merges a killed prompt into the next turn (agents-found §9), Copilot sends it as its own message, and Qwen
        // 0.24.4 resumes it too, though agents.md said it would not (§10; E2E Qwen.C2, C6).
        foreach (var agent in new[] { "gemini", "qwen", "copilot" }) AgentRegistry.Get(agent).KeepsUnansweredPrompt.ShouldBeTrue();
    }

    [Fact]
    public void Their_events_read_as_what_they_said_ran_and_how_the_turn_ended()
    {
        Describe("gemini", G.Init, G.UserMessage, GeminiReply, G.Success).ShouldBe(
            ["— conversation 9efb16bd-6640-4fcd-b428-ec1bf0bc04ac", "OK", "— turn finished"]);
        Describe("gemini", """{"type":"tool_use","timestamp":"2026-12-04T20:35:00.000Z","tool_name":"run_shell_command","tool_id":"t1","parameters":{"command":"ls -la"}}""")
            .ShouldBe(["$ run_shell_command ls -la"]);
        Describe("gemini", N.GeminiRefusedRun[2]).Single()!.ShouldStartWith("error: [API Error: {\"error\":{\"code\":400,\"message\":\"Please ensure that function response turn");
        Describe("qwen", L.QwenSuccess[0], L.QwenSuccess[2], L.QwenSuccess[3]).ShouldBe(
            ["— conversation 11111111-1111-4111-8111-111111111111", "OK", "— turn finished"]);
        Describe("qwen", L.QwenServerError).ShouldBe(["error: [API Error: 500 fake error 500]", "error: [API Error: 500 fake error 500]"]);
        Describe("copilot", L.CopilotSuccess).ShouldBe(["OK", "— run finished (conversation c0c0c0c0-0000-4000-8000-000000000040)"]);
        Describe("copilot", L.CopilotServerError)[0]!.ShouldStartWith("error: Failed to get response from the AI model; retried 5 times");
        Describe("copilot", """{"type":"tool.execution_start","data":{"toolCallId":"c1","toolName":"bash","arguments":{"command":"npm test"}}}""")
            .ShouldBe(["$ bash npm test"]);
        // What a handoff carries of what the agent said: its replies, never its API errors.
        HandedOff("qwen", L.QwenServerError[1]).ShouldBeEmpty();
        HandedOff("copilot", L.CopilotSuccess[6]).ShouldBe(["OK"]);
    }

    /// <summary>The last messages a handoff prompt carries from a log of these lines.</summary>
    private static List<string> HandedOff(string agent, params string[] lines)
    {
        var log = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(log, lines);
            return Shepherd.Runner.HandoffPrompt.LastMessages(log, AgentRegistry.Get(agent));
        }
        finally { File.Delete(log); }
    }

    private static void ShouldHandOff(Verdict v, string reason)
    {
        v.Outcome.ShouldBe(AttemptOutcome.NonRetryable);
        v.Handoff.ShouldBe(reason);
        v.UsageLimit.ShouldBeNull();
    }

    [Fact]
    public void A_refused_history_or_an_overflow_hands_off_in_each_clis_real_words()
    {
        ShouldHandOff(Run("gemini", 144, N.GeminiRefusedRun), C.ToolCallWithoutResult);
        ShouldHandOff(Run("gemini", 144, N.GeminiPastContextWindowRun), C.PastContextWindow);
        ShouldHandOff(Run("qwen", 1, N.QwenRefusedRun), C.ToolCallWithoutResult);
        ShouldHandOff(Run("qwen", 1, N.QwenPastContextWindowRun), C.PastContextWindow);
        ShouldHandOff(Run("copilot", 1, N.CopilotRefusedRun), C.ToolCallWithoutResult);
        ShouldHandOff(Run("copilot", 1, N.CopilotPastContextWindowRun), C.PastContextWindow);
        Run("copilot", 1, N.CopilotRefusedRun).Detail.ShouldStartWith(C.ToolCallWithoutResult + " (exit 1): 400 An assistant message with 'tool_calls'");
        // A plain 400 stays a rejected request.
        Run("gemini", 144, [G.Init, G.Error400]).Handoff.ShouldBeNull();
    }

    [Fact]
    public void A_session_the_cli_cannot_find_hands_off()
    {
        ShouldHandOff(Run("gemini", 42, [], G.ResumeUnknown), C.SessionNotFound);
        ShouldHandOff(Run("gemini", 42, [], G.ResumeNoneHere), C.SessionNotFound);
        ShouldHandOff(Run("qwen", 1, [], L.QwenUnknownSession), C.SessionNotFound);
        ShouldHandOff(Run("copilot", 1, [], L.CopilotNoSuchSession), C.SessionNotFound);
        Run("qwen", 1, [], L.QwenUnknownSession).Detail.ShouldBe("the agent cannot find session resumed-id");
    }
}
