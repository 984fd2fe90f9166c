using System.Diagnostics;
using System.Text.Json;
using Shepherd.Tests.Support;

namespace Shepherd.Mcp;

/// <summary><c>shepherd mcp</c> runs the separate <c>shepherd-mcp</c> from its own directory by exec: the same process,
/// the client's stdin and stdout going straight to the server; without it, one line and exit 1.</summary>
public sealed class McpLaunchSpecs
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"spec","version":"1"}}}""";

    [Fact(Timeout = 60_000)]
    public async Task Shepherd_mcp_becomes_shepherd_mcp_in_the_same_process_and_serves_the_clients_stdin_and_stdout()
    {
        await using var s = new Sandbox();
        using var mcp = Start(s, Repo.ShepherdBin);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stderr = mcp.StandardError.ReadToEndAsync(deadline.Token);

        await mcp.StandardInput.WriteLineAsync(Initialize);
        await mcp.StandardInput.FlushAsync();
        var answer = await mcp.StandardOutput.ReadLineAsync(deadline.Token);
        using (var doc = JsonDocument.Parse(answer.ShouldNotBeNull()))
            doc.RootElement.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString().ShouldBe("shepherd");
        var exe = new FileInfo($"/proc/{mcp.Id}/exe").ResolveLinkTarget(returnFinalTarget: true).ShouldNotBeNull().FullName;
        exe.ShouldBe(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Repo.ShepherdBin))!, "shepherd-mcp"));

        mcp.StandardInput.Close(); // the client goes away: the server ends
        await mcp.WaitForExitAsync(deadline.Token);
        mcp.ExitCode.ShouldBe(0);
        (await stderr).ShouldBeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_shepherd_mcp_next_to_it_shepherd_mcp_says_so_in_one_line_and_exits_1()
    {
        await using var s = new Sandbox();
        // A copy of shepherd's directory without shepherd-mcp (whole, so that a JIT build still runs).
        var from = Path.GetDirectoryName(Path.GetFullPath(Repo.ShepherdBin))!;
        var alone = Path.Combine(s.Dir, "alone");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetFileName(f).StartsWith("shepherd-mcp", StringComparison.Ordinal)))
        {
            var to = Path.Combine(alone, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        var r = await Processes.RunAsync([Path.Combine(alone, Path.GetFileName(Repo.ShepherdBin)), "mcp"], s.Env);
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldBeEmpty();
        r.Stderr.ShouldBe($"shepherd: shepherd-mcp is missing: expected {Path.Combine(alone, "shepherd-mcp")} next to shepherd (install.sh installs both)\n");
    }

    private static Process Start(Sandbox s, string shepherd)
    {
        var psi = new ProcessStartInfo(shepherd)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = s.Project,
        };
        psi.ArgumentList.Add("mcp");
        foreach (var (k, v) in s.Env)
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        return Process.Start(psi)!;
    }
}
