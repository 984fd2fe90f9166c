using Shepherd.Platform;
using Shepherd.Tasks;

namespace Shepherd.Web;

/// <summary>Every button is a <c>shepherd</c> command, run as the MCP server runs them (<see cref="ShepherdCli"/>): the
/// CLI validates, records an intent, and the task's runner — its only owner — acts on it. The web server owns
/// nothing. Prompts go on stdin, never in argv.</summary>
public static class Actions
{
    public static Task<ActionResult> Start(StartForm f, CancellationToken ct)
    {
        if (!TaskName.IsValid(f.Name)) return Task.FromResult(Fail("the name must be 1-48 of a-z, 0-9 and '-', starting with a letter or digit"));
        if (string.IsNullOrWhiteSpace(f.Agent)) return Task.FromResult(Fail("choose an agent"));
        if (string.IsNullOrWhiteSpace(f.Dir)) return Task.FromResult(Fail("the directory is needed"));
        if (string.IsNullOrWhiteSpace(f.Prompt)) return Task.FromResult(Fail("the prompt is needed"));
        // --option=value: a value that starts with '-' stays a value.
        var argv = new List<string> { "start", f.Name!, $"--agent={f.Agent}", $"--dir={f.Dir}", "--json" };
        argv.AddRange((f.Notify ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => $"--notify={n.Trim()}"));
        if (!string.IsNullOrWhiteSpace(f.Check)) argv.Add($"--check={f.Check}");
        if (f.Worktree) argv.Add("--worktree");
        return Run(argv, f.Prompt, f.Name!, ct);
    }

    public static Task<ActionResult> Stop(string name, CancellationToken ct) => Run(["stop", name, "--json"], null, name, ct);

    public static Task<ActionResult> Resume(string name, string? prompt, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(prompt)
            ? Run(["resume", name, "--json"], null, name, ct)
            : Run(["resume", name, "--json", "--prompt-file=-"], prompt, name, ct);

    public static Task<ActionResult> Remove(string name, string? confirm, CancellationToken ct) =>
        confirm != name ? Task.FromResult(Fail($"type the task's name ({name}) to remove it")) : Run(["rm", name], null, name, ct);

    private static async Task<ActionResult> Run(List<string> argv, string? stdin, string task, CancellationToken ct)
    {
        // A change is left to finish even when the page goes away: the CLI is the one that must not stop halfway.
        var outcome = await ShepherdCli.RunAsync(argv, stdin, killOnCancel: false, ct);
        return outcome.ExitCode == 0 ? new ActionResult(true, null, task) : new ActionResult(false, Clean(outcome.ErrorLine()), task);
    }

    private static string Clean(string error) => error.StartsWith("shepherd: ", StringComparison.Ordinal) ? error["shepherd: ".Length..] : error;

    private static ActionResult Fail(string error) => new(false, error, null);
}
