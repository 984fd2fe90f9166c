using System.CommandLine;
using Shepherd.Portable;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd import FILE [--dir D] [--name N]</c>: the task of an export, with the agent's session files put where
/// this machine's agent keeps them; stored final, so <c>shepherd resume</c> continues it by the same session id.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string>("file") { Description = "A file written by shepherd export" };
        var dir = new Option<string?>("--dir") { Description = "The project directory here (default: the task's own path)" };
        var name = new Option<string?>("--name") { Description = "Store the task under this name (default: its own)" };
        var cmd = new Command("import", "Create a task from a shepherd export; shepherd resume NAME continues its conversation") { file, dir, name };
        cmd.SetAction(p =>
        {
            var r = new TaskImport(ctx.Home, ctx.Store, ctx.Commands, ctx.Clock).Import(p.GetValue(file)!, p.GetValue(dir), p.GetValue(name));
            var t = r.Task;
            Console.WriteLine($"imported {t.Name}: {t.Agent} in {Printable.Escape(t.ProjectDir)}, {t.State.Text()}" +
                              (t.AgentSessionId is { } sid ? $", session {sid}" : ", no session yet") + $" (shepherd resume {t.Name} continues it)");
            foreach (var f in r.SessionFiles) Console.WriteLine($"session file {Printable.Escape(f)}");
            if (r.Note is not null) Console.Error.WriteLine(r.Note);
            return 0;
        });
        return cmd;
    }
}
