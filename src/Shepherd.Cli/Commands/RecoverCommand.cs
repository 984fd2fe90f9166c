using System.CommandLine;
using Shepherd.Supervisor;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd recover</c>: one pass over every unfinished task that lost its runner.</summary>
internal static class RecoverCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("recover", "Re-adopt or resume every task that lost its runner (one pass)");
        cmd.SetAction(_ =>
        {
            var recovery = NewRecovery(ctx);
            var decisions = recovery.RunPass(includeQuiet: true);
            decisions.AddRange(recovery.FinishAbandoned());
            foreach (var d in decisions) Console.WriteLine($"{d.Task}: {d.Action}");
            if (decisions.Count == 0) Console.WriteLine("nothing to recover");
            return 0;
        });
        return cmd;
    }

    public static Recovery NewRecovery(CliContext ctx) => new(ctx.Home, ctx.Store, ctx.Launcher, ctx.Stopper, ctx.Clock);
}
