namespace Shepherd.FakeAgent;

/// <summary>Qwen Code 0.24.4 and Copilot CLI 1.0.102 as the real ones print (lines captured against the fake model
/// server, docs/agents-found.md section 10): where the id appears, the session files Shepherd looks for before a resume,
/// the turn's events, errors and usage limits, and the exit codes.</summary>
internal sealed partial class Imitation
{
    private static readonly System.Globalization.CultureInfo En = System.Globalization.CultureInfo.InvariantCulture;

    private int OpenQwen()
    {
        var chat = SessionFiles.QwenChat(call.SessionArg!);
        if (call.Resume && !File.Exists(chat))
        {
            Console.Error.WriteLine($"No saved session found with ID {call.SessionArg}. Run `qwen --resume` without an ID to choose from existing sessions.");
            return 1;
        }
        if (!call.Resume && File.Exists(chat))
        {
            Console.Error.WriteLine($"Error: Session Id {call.SessionArg} already exists (active or archived). Delete or unarchive it first.");
            return 1;
        }
        _id = call.SessionArg!;
        Directory.CreateDirectory(Path.GetDirectoryName(chat)!);
        File.AppendAllText(chat, $"{{\"sessionId\":\"{_id}\",\"type\":\"user\"}}\n");
        Emit($"{{\"type\":\"system\",\"subtype\":\"init\",\"uuid\":\"{_id}\",\"session_id\":\"{_id}\",\"cwd\":\"{J(Directory.GetCurrentDirectory())}\",\"tools\":[],\"model\":\"fake-model\",\"permission_mode\":\"yolo\",\"qwen_code_version\":\"0.24.4\"}}");
        return 0;
    }

    /// <summary>Copilot prints no id until its last event: the one Shepherd passed is the conversation.</summary>
    private int OpenCopilot()
    {
        _id = call.SessionArg!;
        var events = SessionFiles.CopilotEvents(_id);
        Directory.CreateDirectory(Path.GetDirectoryName(events)!);
        File.AppendAllText(events, $"{{\"type\":\"user.message\",\"data\":{{\"content\":\"{J(prompt)}\"}}}}\n");
        Emit($"{{\"type\":\"user.message\",\"data\":{{\"content\":\"{J(prompt)}\",\"transformedContent\":\"{J(prompt)}\",\"messageId\":\"{Guid.NewGuid()}\"}},\"id\":\"{Guid.NewGuid()}\"}}");
        Emit($"{{\"type\":\"assistant.turn_start\",\"data\":{{\"turnId\":\"0\"}},\"id\":\"{Guid.NewGuid()}\"}}");
        return 0;
    }

    private void SayQwen(string text) =>
        Emit($"{{\"type\":\"assistant\",\"uuid\":\"{Guid.NewGuid()}\",\"session_id\":\"{_id}\",\"parent_tool_use_id\":null,\"message\":{{\"id\":\"{Guid.NewGuid()}\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"fake-model\",\"content\":[{{\"type\":\"text\",\"text\":\"{J(text)}\"}}],\"stop_reason\":null,\"usage\":{{\"input_tokens\":1,\"output_tokens\":1}}}}}}");

    private void SayCopilot(string text) =>
        Emit($"{{\"type\":\"assistant.message\",\"data\":{{\"messageId\":\"{Guid.NewGuid()}\",\"model\":\"fake-model\",\"content\":\"{J(text)}\",\"toolRequests\":[],\"turnId\":\"0\"}},\"id\":\"{Guid.NewGuid()}\"}}");

    /// <summary>The result with the conversation's running total, carried over by a resume, as the real Qwen reports it.</summary>
    private void FinishQwen(string answer, TurnUsage turn)
    {
        var total = TurnUsage.Accumulate(Path.Combine(state, "sessions", "usage-" + _id), turn);
        Emit($"{{\"type\":\"result\",\"subtype\":\"success\",\"uuid\":\"{Guid.NewGuid()}\",\"session_id\":\"{_id}\",\"is_error\":false,\"duration_ms\":1,\"duration_api_ms\":1,\"num_turns\":1,\"result\":\"{J(answer)}\",\"usage\":{{\"input_tokens\":{total.Input},\"output_tokens\":{total.Output},\"cache_read_input_tokens\":{total.Cached},\"total_tokens\":{total.Input + total.Output}}},\"permission_denials\":[]}}");
    }

    private void FinishCopilot(int exitCode = 0)
    {
        Emit($"{{\"type\":\"assistant.turn_end\",\"data\":{{\"turnId\":\"0\"}},\"id\":\"{Guid.NewGuid()}\"}}");
        EndCopilot(exitCode);
    }

    private void EndCopilot(int exitCode)
    {
        Emit("{\"type\":\"assistant.idle\",\"data\":{},\"ephemeral\":true}");
        Emit($"{{\"type\":\"result\",\"timestamp\":\"{DateTimeOffset.UtcNow:O}\",\"sessionId\":\"{_id}\",\"exitCode\":{exitCode},\"usage\":{{\"premiumRequests\":0,\"totalApiDurationMs\":1,\"sessionDurationMs\":1}}}}");
    }

    /// <summary>Qwen formats the API error as "[API Error: …]" (a 429 with its advice), prints it as an assistant message
    /// and as the failed result; exit 1.</summary>
    private void ErrorQwen(int status, string message)
    {
        var text = $"[API Error: {message}]" + (status == 429 ? "\nPossible quota limitations in place or slow response times detected. Please wait and try again later." : "");
        SayQwen(text);
        QwenFailed(text);
    }

    private void QwenFailed(string text) =>
        Emit($"{{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"uuid\":\"{Guid.NewGuid()}\",\"session_id\":\"{_id}\",\"is_error\":true,\"duration_ms\":1,\"duration_api_ms\":0,\"num_turns\":1,\"usage\":{{\"input_tokens\":0,\"output_tokens\":0}},\"permission_denials\":[],\"error\":{{\"message\":\"{J(text)}\"}}}}");

    /// <summary>Copilot retries 5 times by itself, then says so in session.error; result.exitCode 1, exit 1.</summary>
    private void ErrorCopilot(int status, string message)
    {
        var (type, text) = status switch
        {
            401 => ("authentication", "Authentication failed with provider at ****** (HTTP 401).\n  Check your COPILOT_PROVIDER_API_KEY, COPILOT_PROVIDER_API_KEY_COMMAND, or COPILOT_PROVIDER_BEARER_TOKEN."),
            400 or 422 => ("query", message),
            429 => ("rate_limit", $"Failed to get response from the AI model; retried 5 times (total retry wait time: 10.88 seconds) Last error: {message}"),
            _ => ("query", $"Failed to get response from the AI model; retried 5 times (total retry wait time: 17.89 seconds) Last error: {message}"),
        };
        CopilotError(type, text, status);
    }

    private void CopilotError(string type, string text, int? status)
    {
        Emit($"{{\"type\":\"assistant.turn_end\",\"data\":{{\"turnId\":\"0\"}},\"id\":\"{Guid.NewGuid()}\"}}");
        Emit($"{{\"type\":\"session.error\",\"data\":{{\"errorType\":\"{type}\",\"message\":\"{Raw(text)}\"{(status is { } s ? $",\"statusCode\":{s}" : "")}}},\"id\":\"{Guid.NewGuid()}\"}}");
        EndCopilot(1);
    }

    /// <summary>Qwen: a provider's 429 that names an exhausted quota and its reset (Bailian's token plan, as in Qwen's own
    /// tests) is fast-failed as "Quota exhausted: …". Copilot: GitHub's weekly limit as 1.0.102 composes it.</summary>
    private int UsageLimitedQwenOrCopilot(DateTimeOffset? reset, TimeSpan wait, bool relative)
    {
        if (call.Flavor == "qwen")
        {
            var when = reset is { } r ? (relative ? $"will reset in {(long)Math.Ceiling(wait.TotalSeconds)} seconds" : "will reset at " + r.UtcDateTime.ToString("MM-dd HH:mm:ss", En) + " UTC")
                : "will reset at the end of the week";
            var text = $"Quota exhausted: Your token-plan 1-week quota has been exhausted. The quota {when}.\n\nPlease retry after the reset time, or switch to another API key / auth method.";
            SayQwen(text);
            QwenFailed(text);
            return 1;
        }
        var at = reset is { } c ? " on " + c.ToLocalTime().ToString("MMMM d, yyyy 'at' h:mm tt", En) : "";
        CopilotError("rate_limit", $"You've reached your weekly rate limit. Please wait for your limit to reset{at} or switch to auto model to continue. Learn More (https://docs.github.com/copilot/concepts/rate-limits).", 429);
        return 1;
    }
}

/// <summary>Where the real CLIs keep a conversation, which Shepherd checks before resuming it.</summary>
internal static class SessionFiles
{
    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    /// <summary>Qwen: <c>~/.qwen/projects/&lt;cwd, every non-alphanumeric as '-'&gt;/chats/&lt;id&gt;.jsonl</c>.</summary>
    public static string QwenChat(string id)
    {
        var root = Env("QWEN_RUNTIME_DIR") ?? Env("QWEN_HOME") ?? Path.Combine(Home, ".qwen");
        var project = new string(Directory.GetCurrentDirectory().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return Path.Combine(root, "projects", project, "chats", id + ".jsonl");
    }

    /// <summary>Copilot: <c>~/.copilot/session-state/&lt;id&gt;/events.jsonl</c>.</summary>
    public static string CopilotEvents(string id) =>
        Path.Combine(Env("COPILOT_HOME") ?? Path.Combine(Home, ".copilot"), "session-state", id, "events.jsonl");
}
