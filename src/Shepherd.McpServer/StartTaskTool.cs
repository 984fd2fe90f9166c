using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Shepherd.McpServer;

/// <summary><c>start_task</c> = <c>shepherd start NAME --agent A --dir D --json [--notify N]… [--notify-on K,…]
/// [--max-tokens N] [--max-cost USD] [--check C] [--worktree] [-- EXTRA…]</c>, the prompt on stdin.</summary>
internal sealed class StartTaskTool() : ShepherdTool("start_task", Summary, Schema,
    new ToolAnnotations { Title = "Start a coding task", ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = true })
{
    private const string Summary =
        "Start a long-running coding task in the background: a coding agent (codex, claude, opencode, pi, gemini, qwen or copilot) works on " +
        "`prompt` in the project directory `dir`, inside a tmux session that outlives this conversation. Shepherd " +
        "records every run of the agent, resumes the agent's own conversation by its session id after a crash, kill, " +
        "API error or reboot, and marks the task final (succeeded, failed or stopped) when it is done. Returns at once " +
        "with the task as JSON (state `starting`); follow it with wait_task or task_status. Use it for work that takes " +
        "more than a few minutes. The prompt must be complete: the agent does not see this conversation.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,47}$",
              "description": "The task's handle in every other tool: 1-48 of a-z, 0-9 and '-', starting with a letter or digit (e.g. refactor-auth); unique among tasks not yet removed. The tmux session is <agent>-<name>." },
            "agent": { "type": "string",
              "description": "The coding agent CLI to run: codex (OpenAI Codex CLI), claude (Claude Code), opencode, pi, gemini (Gemini CLI), qwen (Qwen Code), copilot (GitHub Copilot CLI), or the name of a custom agent defined under [agents.NAME] in Shepherd's config.toml." },
            "dir": { "type": "string",
              "description": "The project directory the agent works in. It must exist; prefer an absolute path (a relative one is resolved against the directory this MCP server runs in)." },
            "prompt": { "type": "string",
              "description": "The complete instructions for the agent, any length (up to 16 MiB). Passed to the agent byte for byte, never through a shell." },
            "notify": { "type": "array", "items": { "type": "string" },
              "description": "Optional notifications when the task ends, each one of: 'openclaw' (an OpenClaw system event), 'desktop', 'webhook:<url>', 'slack:<webhook url>', 'discord:<webhook url>', 'ntfy:<topic url>', 'cmd:<program>'." },
            "notifyOn": { "type": "array", "items": { "type": "string", "pattern": "^((cmd|openclaw|desktop|webhook|slack|discord|ntfy)=)?(done|failed|stopped|stalled|needs-you)(,(done|failed|stopped|stalled|needs-you))*$" },
              "description": "Optional: send notifications only for these kinds (default all): done (succeeded), failed, stopped, stalled (no output for a while), needs-you (something a person must fix, or a long wait for a usage limit). 'slack=needs-you' (any notifier kind before '=') sets the kinds of that kind of notifier only." },
            "maxTokens": { "type": "integer", "minimum": 1,
              "description": "Optional token budget (input + output, as the agent reports them, over every run): once spent, the agent is stopped and the task fails with 'token budget spent'." },
            "maxCost": { "type": "number", "exclusiveMinimum": 0,
              "description": "Optional cost budget in US dollars (as the agent reports cost; not every agent does): once spent, the agent is stopped and the task fails." },
            "check": { "type": "string",
              "description": "Optional shell command that defines done (e.g. 'npm test'): run in the project directory after the agent reports success; the task succeeds only if it exits 0, otherwise the agent is resumed with its output." },
            "worktree": { "type": "boolean",
              "description": "Optional: run the task in a new git worktree on branch shepherd/<name> instead of in dir itself (dir must be a git repository), so parallel tasks do not collide." },
            "extraArgs": { "type": "array", "items": { "type": "string" },
              "description": "Optional extra command-line arguments for the agent CLI on every run (e.g. [\"-m\", \"anthropic/claude-sonnet-4\"]). Shepherd already passes the non-interactive flags each agent needs." }
          },
          "required": ["name", "agent", "dir", "prompt"],
          "additionalProperties": false
        }
        """;

    protected override async Task<CallToolResult> CallAsync(ToolArguments args, RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var name = TaskNameArgument(args);
        // --option=value: a value that starts with '-' stays a value.
        var argv = new List<string> { "start", name, $"--agent={args.RequiredString("agent")}", $"--dir={args.RequiredString("dir")}", "--json" };
        argv.AddRange(args.StringList("notify").Select(n => $"--notify={n}"));
        // Passed only when given: a CLI without these options answers with its own usage error.
        if (args.OptionalString("check") is { } check) argv.Add($"--check={check}");
        if (args.Flag("worktree")) argv.Add("--worktree");
        if (args.StringList("notifyOn") is { Count: > 0 } kinds) argv.AddRange(kinds.Select(k => $"--notify-on={k}")); // one each: "slack=needs-you" names its notifier
        if (args.OptionalInteger("maxTokens", min: 1) is { } tokens) argv.Add($"--max-tokens={tokens}");
        if (args.OptionalNumber("maxCost") is { } usd)
            argv.Add($"--max-cost={usd.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var extra = args.StringList("extraArgs");
        var prompt = args.RequiredString("prompt");
        if (extra.Count > 0) argv.AddRange(["--", .. extra]);
        return FromCli(await ShepherdCli.RunAsync(argv, prompt, killOnCancel: false, ct));
    }
}
