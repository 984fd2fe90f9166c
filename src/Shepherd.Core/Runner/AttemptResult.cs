using Shepherd.Agents;
using Shepherd.Platform;

namespace Shepherd.Runner;

/// <summary>How one attempt ended, as the runner saw it.</summary>
public sealed record AttemptResult(ExitStatus Exit, AgentRunFacts Facts, bool MaxRuntimeReached, int? RunnerSignal);
