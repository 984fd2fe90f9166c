using System.Text;
using Shepherd.Agents;
using Shepherd.Platform;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>Writes the handoff prompt of the next attempt (<c>handoff-N.md</c> in the task's directory) before a fresh
/// conversation opens. What the store knows is read in the loop; the log's end and git run beside it, so a signal ends
/// the wait at once (the next runner writes it again).</summary>
internal sealed class HandoffPrep : IRunnerActivity
{
    private readonly Task<byte[]> _work;

    public HandoffPrep(RunnerContext rc, TaskRecord task, IAgentAdapter agent, int number)
    {
        Number = number;
        File = Path.Combine(rc.Home.TaskDir(task.Name), $"handoff-{number}.md");
        var original = Encoding.UTF8.GetString(System.IO.File.ReadAllBytes(rc.Home.PromptFile(task.Name)));
        var since = rc.Store.FollowUps(task.Id).Select(i => new HandoffPrompt.Turn(i.CreatedAt, "a follow-up", i.Prompt!))
            .Concat(rc.Store.ListChecks(task.Id).Where(c => !c.Passed).Select(c => new HandoffPrompt.Turn(c.EndedAt,
                $"the check `{c.Command}` failed after attempt {c.AttemptNumber}", c.Output)))
            .OrderBy(t => t.At).ToList();
        var (log, file, reason) = (rc.Home.LogFile(task.Name), File, task.HandoffReason ?? "the conversation could not go on");
        _work = Task.Run(() =>
        {
            var (status, diff) = HandoffPrompt.Git(rc.Commands, task.ProjectDir, task.StartCommit);
            var text = HandoffPrompt.Compose(new HandoffPrompt.Facts(task.ProjectDir, reason, original, since,
                HandoffPrompt.LastMessages(log, agent), status, diff, task.StartCommit));
            var bytes = Encoding.UTF8.GetBytes(text);
            ShepherdHome.WritePrivateFile(file, bytes);
            return bytes;
        });
        _ = _work.ContinueWith(_ => rc.Inbox.Post(new RunnerEvent.WorkDone()), TaskScheduler.Default);
    }

    public int Number { get; }
    public string File { get; }

    /// <summary>The prompt, once written; null when a signal ended the wait or it could not be written.</summary>
    public byte[]? Prompt => _work.IsCompletedSuccessfully ? _work.Result : null;

    public bool Done { get; private set; }
    public bool AttemptOpen => false;
    public bool HoldsIntents => true;
    public TimeSpan? Due => null;

    public void OnTimer() { }
    public void OnChildExited(int pid, ExitStatus status) { }
    public void OnWorkDone() => Done = _work.IsCompleted;
    public void OnSignal(int signal) => Done = true;
    public void OnIntentsApplied(TaskRecord task) { }
}
