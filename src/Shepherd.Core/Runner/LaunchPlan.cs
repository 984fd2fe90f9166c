using System.Text;
using Shepherd.Agents;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>What the next attempt launches: a handoff (a fresh conversation with the handoff prompt), a resume by the
/// stored id with the queued follow-up (or, when the agent never answered the prompt that opened its conversation and
/// is one that drops such a prompt, that prompt again), or a start with the original prompt.</summary>
internal sealed record LaunchPlan(AgentLaunch Launch, string Kind, string? SessionId, bool KeepFollowUp, string? Prompt, string? Note, string? ExpectedId)
{
    public static LaunchPlan For(RunnerContext rc, TaskRecord task, IAgentAdapter adapter, AgentContext ctx, AttemptRecord? previous,
        (byte[] Prompt, int Number)? handoff)
    {
        if (handoff is { } h)
        {
            var fresh = adapter.Start(ctx with { PromptBytes = h.Prompt });
            return new(fresh, "handoff", fresh.SessionId, false, AttemptPrompts.Handoff(h.Number), null, null);
        }
        var unanswered = previous is { Answered: false } p && p.Outcome != AttemptOutcome.Succeeded && AttemptPrompts.OpensConversation(p.Prompt) &&
                         adapter.TracksAnswers ? Opening(rc, task, p, ctx) : null;
        var sendAgain = unanswered is not null && !adapter.KeepsUnansweredPrompt;
        if (task.AgentSessionId is { } sid && adapter.CanResume(ctx, sid))
        {
            var prompt = Encoding.UTF8.GetBytes(task.ResumePrompt ?? rc.Options.ContinuePrompt);
            if (sendAgain && unanswered is { } again)
            {
                var withFollowUp = task.ResumePrompt is { } f ? [.. again.Bytes, .. "\n\n"u8, .. Encoding.UTF8.GetBytes(f)] : again.Bytes;
                return new(adapter.Resume(ctx, sid, withFollowUp), "resume", sid, false, again.Kind,
                    "[shepherd] the agent never answered the prompt that opened its conversation: sending it again", adapter.ExpectedReportedId(ctx, sid));
            }
            return new(adapter.Resume(ctx, sid, prompt), "resume", sid, false, null, null, adapter.ExpectedReportedId(ctx, sid));
        }
        if (unanswered is { Kind: not AttemptPrompts.Original } reopen)
        {
            // A handoff's conversation that never showed its id: its prompt opens the next one again.
            var start = adapter.Start(ctx with { PromptBytes = reopen.Bytes });
            return new(start, "start", start.SessionId, task.ResumePrompt is not null, reopen.Kind, null, null);
        }
        string? note = null;
        var keep = false;
        if (task.ResumePrompt is { } followUp)
        {
            // A follow-up without a conversation to go to. Until the original prompt has run to its end, the follow-up
            // waits (kept by BeginAttempt) and runs after it, as a resume: as if the first turn had lived. If the
            // original prompt did end and there is still nothing to resume (an agent that never showed its id), a
            // new conversation gets both prompts in order: keeping the follow-up again would repeat the original forever.
            var originalRan = previous is { Outcome: AttemptOutcome.Succeeded };
            if (originalRan) ctx = ctx with { PromptBytes = [.. ctx.PromptBytes, .. "\n\n"u8, .. Encoding.UTF8.GetBytes(followUp)] };
            keep = !originalRan;
            note = originalRan
                ? "[shepherd] no conversation to resume: a new one gets the original prompt, then the follow-up"
                : "[shepherd] the follow-up waits until the original prompt has run: no conversation to resume yet";
        }
        var launch = adapter.Start(ctx);
        return new(launch, "start", launch.SessionId, keep, AttemptPrompts.Original, note, null);
    }

    /// <summary>The prompt that opened the previous attempt's conversation: the task's own, or its handoff prompt.</summary>
    private static (byte[] Bytes, string Kind)? Opening(RunnerContext rc, TaskRecord task, AttemptRecord previous, AgentContext ctx)
    {
        if (previous.Prompt == AttemptPrompts.Original) return (ctx.PromptBytes, AttemptPrompts.Original);
        var file = Path.Combine(rc.Home.TaskDir(task.Name), $"handoff-{previous.Prompt![AttemptPrompts.HandoffPrefix.Length..]}.md");
        return File.Exists(file) ? (File.ReadAllBytes(file), previous.Prompt) : null;
    }
}
