using System.CommandLine;
using Shepherd.Notify;
using Shepherd.Supervisor;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd recover</c>: one pass over every unfinished task that lost its runner, every final task left
/// unfinished, every notification that is due, and the files an interrupted start or rm left.</summary>
internal static class RecoverCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("recover", "Re-adopt or resume every task that lost its runner, and deliver due notifications (one pass)");
        cmd.SetAction(_ =>
        {
            var recovery = NewRecovery(ctx);
            var lines = recovery.RunPass(includeQuiet: true).Select(d => $"{d.Task}: {d.Action}").ToList();
            lines.AddRange(recovery.FinishAbandoned().Select(d => $"{d.Task}: {d.Action}"));
            lines.AddRange(recovery.ClearLeftoverFiles().Select(d => $"{d.Task}: {d.Action}"));
            lines.AddRange(new Outbox(ctx.Store, ctx.Home, ctx.Clock).DeliverPending());
            foreach (var l in lines) Console.WriteLine(l);
            if (lines.Count == 0) Console.WriteLine("nothing to recover");
            return 0;
        });
        return cmd;
    }

    public static Recovery NewRecovery(CliContext ctx) => new(ctx.Home, ctx.Store, ctx.Launcher, ctx.Owner, ctx.Clock);
}
