using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Tasks;

namespace Shepherd.Cli.Worktrees;

/// <summary>Runs git as an argv (no shell) with <c>-C dir</c> through the command seam, capturing its output.</summary>
internal sealed class Git(ICommandRunner commands)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public bool Ok => ExitCode == 0;
        public string Error => (Stderr.Trim().Length > 0 ? Stderr : Stdout).Trim().Split('\n')[0];
    }

    public Result Run(string dir, params string[] args)
    {
        var env = TaskEnvironment.Current();
        env["GIT_TERMINAL_PROMPT"] = "0"; // never wait for a password nobody will type
        env["LC_ALL"] = "C"; // its messages are shown to the user as git wrote them, and matched by nobody
        var r = commands.Run(new CommandSpec(["git", "-C", dir, .. args], Timeout) { Environment = env });
        if (r.NotFound) throw new UsageException("--worktree needs git, which is not on PATH");
        if (r.TimedOut) throw new OperationFailedException($"git {args[0]} timed out in {Printable.Escape(dir)}");
        return new Result(r.ExitCode, r.Stdout, r.Stderr);
    }
}
