using System.ComponentModel;
using System.Diagnostics;
using Shepherd.Tasks;

namespace Shepherd.Cli.Worktrees;

/// <summary>Runs git as an argv (no shell) with <c>-C dir</c>, capturing its output.</summary>
internal static class Git
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public bool Ok => ExitCode == 0;
        public string Error => (Stderr.Trim().Length > 0 ? Stderr : Stdout).Trim().Split('\n')[0];
    }

    public static Result Run(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(dir);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["LC_ALL"] = "C";
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new OperationFailedException($"git {args[0]} timed out in {Printable.Escape(dir)}");
            }
            p.WaitForExit();
            return new Result(p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (Win32Exception)
        {
            throw new UsageException("--worktree needs git, which is not on PATH");
        }
    }
}
