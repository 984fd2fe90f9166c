using System.CommandLine;
using Shepherd.Portable;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd export NAME [FILE]</c>: one archive (0600) with the task's record, attempts, prompts and the agent's
/// session files, for <c>shepherd import</c> on another machine or SHEPHERD_HOME. Its environment only with --with-env.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var file = new Argument<string?>("file") { Description = "Where to write it (default NAME.shepherd.tgz here)", Arity = ArgumentArity.ZeroOrOne };
        var withEnv = new Option<bool>("--with-env") { Description = "Include the task's environment (API keys and other secrets it holds)" };
        var cmd = new Command("export", "Write a task, its history and the agent's conversation into one file, for shepherd import") { name, file, withEnv };
        cmd.SetAction(p =>
        {
            var task = ctx.Store.GetTask(p.GetValue(name)!);
            var path = Path.GetFullPath(p.GetValue(file) ?? $"{task.Name}.shepherd.tgz");
            if (File.Exists(path) || Directory.Exists(path)) throw new UsageException($"{Printable.Escape(path)} exists already");
            if (!Directory.Exists(Path.GetDirectoryName(path))) throw new UsageException($"no such directory: {Printable.Escape(Path.GetDirectoryName(path)!)}");
            var result = new TaskExport(ctx.Home, ctx.Store, ctx.Commands, ctx.Clock).Build(task, p.GetValue(withEnv), Environment.MachineName);
            TaskArchive.Write(path, result.Entries);
            Console.WriteLine($"exported {task.Name} to {Printable.Escape(path)}: {task.State.Text()}, {ctx.Store.ListAttempts(task.Id).Count} attempt(s), " +
                              $"{(result.SessionFiles == 0 ? "no session file" : $"session {task.AgentSessionId}")}{(p.GetValue(withEnv) ? ", with its environment" : "")}");
            if (result.Note is not null) Console.Error.WriteLine(result.Note);
            return 0;
        });
        return cmd;
    }
}
