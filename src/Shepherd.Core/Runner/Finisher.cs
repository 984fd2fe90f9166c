using System.Text;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Runner;

/// <summary>Finishing a final task: deliver its notifications (bounded in time; what is left goes to the daemon or
/// <c>recover</c>), then write the done file, then show <c>__TASK_DONE__</c> as the pane's last line.</summary>
public sealed class Finisher(RunnerContext rc)
{
    public async Task FinishAsync(TaskRecord task)
    {
        using var bound = new CancellationTokenSource(rc.Options.NotifyBound);
        var delivery = rc.DeliverNotifications(task.Id, bound.Token);
        while (!delivery.IsCompleted && rc.Inbox.TerminatedBy is null)
        {
            // Events are only looked at here for SIGTERM/SIGHUP; intents stay in the store for the loop.
            var next = rc.Inbox.NextAsync(TimeSpan.FromMilliseconds(200));
            await Task.WhenAny(delivery, next);
            await next;
        }
        if (rc.Inbox.TerminatedBy is not null) return;
        WriteDone(rc.Home, task);
        rc.Output.FlushPane();
        rc.Output.Note(task.Reason is null ? $"__TASK_DONE__ {task.State.Text()}" : $"__TASK_DONE__ {task.State.Text()}: {Printable.Escape(task.Reason)}");
        rc.Output.FlushPane();
    }

    public static void WriteDone(ShepherdHome home, TaskRecord task)
    {
        try { ShepherdHome.WritePrivateFile(home.DoneFile(task.Name), Encoding.UTF8.GetBytes(task.State.Text() + "\n")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* rm raced us, or the disk is full */ }
    }
}
