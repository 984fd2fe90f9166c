using Shepherd.Supervisor;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary>For commands that wait on a task (<c>wait</c>, <c>logs -f</c>): a task nothing will move — no runner, no
/// daemon — is recovered here (one recovery for that task) instead of being waited on forever.</summary>
internal sealed class OrphanWatch(CliContext ctx)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private DateTimeOffset _lastLook = DateTimeOffset.MinValue;

    public void Look(TaskRecord task)
    {
        if (ctx.Clock.GetUtcNow() - _lastLook < Every) return;
        _lastLook = ctx.Clock.GetUtcNow();
        if (!TaskLiveness.IsOrphaned(ctx.Home, task, ctx.Clock, Recovery.DefaultStartGrace)) return;
        foreach (var d in RecoverCommand.NewRecovery(ctx).Recover([task]).Where(d => d.Action != "runner alive"))
            Console.Error.WriteLine($"shepherd: {d.Task} had no runner: {Printable.Escape(d.Action, 200)}");
    }
}
