using System.Text;

namespace Shepherd.Chaos.Harness;

/// <summary>docs/reliability.md's table, as the harness measured it.</summary>
public static class ReliabilityTable
{
    public static string Render(IReadOnlyList<Tally> rows, string command)
    {
        var b = new StringBuilder();
        b.AppendLine("| scenario | runs | faults injected | tasks | lost | duplicated | escaped | two-agents | other | seeds tried |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
            b.AppendLine($"| {r.Scenario} | {r.Runs} | {r.Faults} | {r.Tasks} | {r.Count(Breach.Lost)} | {r.Count(Breach.Duplicated)} | " +
                         $"{r.Count(Breach.Escaped)} | {r.Count(Breach.TwoAgents)} | {r.Count(Breach.Other)} | {r.SeedText()} |");
        b.AppendLine();
        b.AppendLine($"Made by `{command}` on commit {Commit()} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
                     $"load {Load()} at the end).");
        foreach (var r in rows.Where(r => !r.Clean))
        {
            b.AppendLine();
            b.AppendLine("```");
            b.AppendLine(r.Describe());
            b.AppendLine("```");
        }
        return b.ToString();
    }

    private const string Begin = "<!-- table: written by Shepherd.Chaos report -->", End = "<!-- end of table -->";

    /// <summary>Puts the table between the document's markers (the rest of the document is written by hand).</summary>
    public static string Splice(string? document, string table)
    {
        var block = $"{Begin}\n{table}{End}";
        if (document is null || !document.Contains(Begin) || !document.Contains(End)) return block + "\n";
        var start = document.IndexOf(Begin, StringComparison.Ordinal);
        var stop = document.IndexOf(End, StringComparison.Ordinal) + End.Length;
        return document[..start] + block + document[stop..];
    }

    private static string Commit()
    {
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, WorkingDirectory = Support.Paths.Root };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var head = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            psi.Arguments = "status --porcelain --untracked-files=no";
            using var q = System.Diagnostics.Process.Start(psi)!;
            var dirty = q.StandardOutput.ReadToEnd().Trim().Length > 0;
            q.WaitForExit();
            return dirty ? head + " (with uncommitted changes)" : head;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException) { return "unknown"; }
    }

    private static string Load()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}
