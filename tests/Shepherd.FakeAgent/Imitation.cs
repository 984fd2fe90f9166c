using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary>Plays one launch of one CLI: session id where that CLI prints it, then the plan's step.</summary>
internal sealed partial class Imitation(Invocation call, string state, int launch, string step, byte[] promptBytes)
{
    private readonly string prompt = System.Text.Encoding.UTF8.GetString(promptBytes);

    private string _id = "";

    /// <summary>The conversation this launch opened or resumed ("" when it died before having one).</summary>
    public string SessionId => _id;

    public int Run()
    {
        var (verb, arg) = step.Split(':', 2) is var p && p.Length == 2 ? (p[0], p[1]) : (step, "");
        if (verb == "usage") { Console.Error.WriteLine("error: unexpected argument '--bogus' found"); return 2; }
        if (verb == "noid-exit") { Console.Error.WriteLine("fake-agent: dying before any session exists"); return int.Parse(arg); }
        if (verb == "noid-sleep") Thread.Sleep(TimeSpan.FromSeconds(double.Parse(arg)));
        if (verb == "noid-ok") { FinishWithoutId(); return 0; }
        var opened = OpenSession();
        if (opened != 0) return opened;
        Lifecycle.Opened(state, launch, _id);
        switch (verb)
        {
            case "exit":
                Error(500, "fake failure", retryable: true);
                return int.Parse(arg);
            case "sleep":
                for (var i = 0; i < double.Parse(arg) * 2; i++) { Say($"working {i}"); Thread.Sleep(500); }
                break;
            case "hang":
                Thread.Sleep(Timeout.Infinite);
                break;
            case "stubborn": // ignores SIGINT and SIGTERM: only SIGKILL ends it
                using (System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => c.Cancel = true))
                using (System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => c.Cancel = true))
                    Thread.Sleep(Timeout.Infinite);
                break;
            case "crash":
                Environment.FailFast("fake-agent crash");
                break;
            case "ratelimit":
                Error(429, $"Rate limit reached: 429 Too Many Requests. Please try again in {arg}s.", retryable: true);
                return call.Flavor == "pi" ? 0 : 1;
            case "usage-limit":
                return UsageLimited(arg);
            case "auth":
                Error(401, "401 Unauthorized: invalid x-api-key", retryable: false);
                return call.Flavor == "pi" ? 0 : 1;
            case "apierror":
                Error(500, "500 Internal Server Error", retryable: true);
                return call.Flavor == "pi" ? 0 : 1;
            case "ansi": // what a CLI writing to a terminal prints: colours, an OSC title, a carriage-return progress line
                Console.Out.Write("\u001b[1;31mred alert\u001b[0m plain\n\u001b]0;window title\u0007titled line\nprogress 10%\rprogress 100%\n");
                Console.Out.Flush();
                break;
            case "print":
                for (var i = 0; i < int.Parse(arg); i++) Say($"line {i}");
                break;
            case "flood": // stdout and stderr at once, as fast as possible
                var err = new Thread(() => { for (var i = 0; i < int.Parse(arg); i++) Console.Error.WriteLine($"progress {i}"); });
                err.Start();
                for (var i = 0; i < int.Parse(arg); i++) Say($"line {i}");
                err.Join();
                break;
            case "ratelimit-text": // a normal, successful turn that talks about rate limits
                Say("I added rate limiting: clients over their quota now get 429 Too Many Requests. Rate limit reached? Try again in 30s, says the message.");
                Finish(inputTokens: 429);
                return 0;
            case "recovered": // the agent reports an API error, retries on its own and then finishes the turn
                Recovered(int.Parse(arg));
                return 0;
            case "bulk":
                Bulk(long.Parse(arg));
                break;
            case "echo": // the prompt back, raw, as an agent that prints what it was given (escape sequences and all)
                using (var stdout = Console.OpenStandardOutput())
                {
                    stdout.Write(promptBytes);
                    stdout.Write("\n"u8);
                }
                Say(prompt);
                break;
        }
        Finish();
        return 0;
    }

    private void Recovered(int status)
    {
        switch (call.Flavor)
        {
            case "codex":
                Emit($"{{\"type\":\"error\",\"message\":\"unexpected status {status}: transient\"}}");
                Finish();
                break;
            case "opencode":
                Emit($"{{\"type\":\"error\",\"sessionID\":\"{_id}\",\"error\":{{\"name\":\"APIError\",\"data\":{{\"message\":\"{status} transient\",\"statusCode\":{status},\"isRetryable\":false}}}}}}");
                Finish();
                break;
            case "pi":
                Emit($"{{\"type\":\"message_end\",\"message\":{{\"role\":\"assistant\",\"stopReason\":\"error\",\"errorMessage\":\"{status} Service Unavailable\"}}}}");
                Emit("{\"type\":\"turn_end\"}");
                Emit($"{{\"type\":\"agent_end\",\"messages\":[{{\"role\":\"assistant\",\"stopReason\":\"error\",\"errorMessage\":\"{status} Service Unavailable\"}}]}}");
                Emit($"{{\"type\":\"auto_retry_start\",\"attempt\":1,\"maxAttempts\":3,\"delayMs\":10,\"errorMessage\":\"{status} Service Unavailable\"}}");
                Emit("{\"type\":\"message_end\",\"message\":{\"role\":\"assistant\",\"stopReason\":\"stop\"}}");
                Emit("{\"type\":\"auto_retry_end\",\"success\":true,\"attempt\":1}");
                Emit("{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"stop\"}]}");
                File.WriteAllText(call.SessionArg!, _id + "\n");
                break;
            case "qwen":
                Emit($"{{\"type\":\"system\",\"subtype\":\"retry\",\"session_id\":\"{_id}\",\"data\":{{\"reason\":\"retry\",\"attempt\":1,\"maxRetries\":10,\"delayMs\":10}}}}");
                Finish();
                break;
            case "copilot":
                Emit($"{{\"type\":\"model.call_failure\",\"data\":{{\"statusCode\":{status},\"errorMessage\":\"{status} transient\"}},\"ephemeral\":true}}");
                Emit("{\"type\":\"assistant.turn_retry\",\"data\":{\"turnId\":\"0\",\"reason\":\"api_error\"},\"ephemeral\":true}");
                Finish();
                break;
            default:
                Finish();
                break;
        }
    }

    /// <summary>usage-limit[:SECONDS|:in-SECONDS]: the CLI's real usage-limit message for a reset SECONDS from now (on
    /// its clock, or relative where the CLI has such a form; none given: no reset named), then its real exit code.</summary>
    private int UsageLimited(string arg)
    {
        var relative = arg.StartsWith("in-");
        double? seconds = arg.Length == 0 ? null : double.Parse(arg[(relative ? 3 : 0)..].TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
        var now = DateTimeOffset.Now;
        DateTimeOffset? reset = seconds is { } s ? now.AddSeconds(s) : null;
        var wait = TimeSpan.FromSeconds(seconds ?? 3600);
        switch (call.Flavor)
        {
            case "codex": // the message twice, as the error event and the failed turn; exit 1
                var message = UsageLimitText.Codex(now, reset);
                Emit($"{{\"type\":\"error\",\"message\":\"{Raw(message)}\"}}");
                Emit($"{{\"type\":\"turn.failed\",\"error\":{{\"message\":\"{Raw(message)}\"}}}}");
                return 1;
            case "claude": // the rate_limit_event (the exact reset), a synthetic assistant message, the is_error result; exit 1
                var text = relative ? UsageLimitText.ClaudeIn(wait) : UsageLimitText.ClaudeOnClock(now, reset);
                if (!relative)
                    Emit($"{{\"type\":\"rate_limit_event\",\"rate_limit_info\":{{\"status\":\"rejected\",{(reset is { } r ? $"\"resetsAt\":{(long)Math.Ceiling(r.ToUnixTimeMilliseconds() / 1000.0)}," : "")}\"rateLimitType\":\"five_hour\",\"isUsingOverage\":false}},\"session_id\":\"{_id}\"}}");
                Emit($"{{\"type\":\"assistant\",\"message\":{{\"model\":\"<synthetic>\",\"role\":\"assistant\",\"content\":[{{\"type\":\"text\",\"text\":\"{Raw(text)}\"}}]}},\"session_id\":\"{_id}\",\"error\":\"rate_limit\"}}");
                Emit($"{{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":429,\"num_turns\":1,\"result\":\"{Raw(text)}\",\"session_id\":\"{_id}\"}}");
                return 1;
            case "opencode":
                Error(429, UsageLimitText.OpenCode(wait), retryable: false);
                return 1;
            case "qwen" or "copilot":
                return UsageLimitedQwenOrCopilot(reset, wait, relative);
            default:
                Error(429, UsageLimitText.Pi(wait), retryable: false);
                return 0;
        }
    }

    /// <summary>A finished turn whose output never carried the session id.</summary>
    private void FinishWithoutId()
    {
        switch (call.Flavor)
        {
            case "codex": Emit("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"); break;
            case "claude": Emit("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\"}"); break;
            case "opencode": Emit("{\"type\":\"step_finish\",\"part\":{\"reason\":\"stop\"}}"); break;
            case "qwen": Emit("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\"}"); break;
            case "copilot": Emit("{\"type\":\"result\",\"exitCode\":0}"); break;
            default: Emit("{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"stop\"}]}"); break;
        }
    }

    /// <summary>Starts or resumes the conversation and prints the id the way the real CLI does.</summary>
    private int OpenSession()
    {
        var sessions = Path.Combine(state, "sessions");
        Directory.CreateDirectory(sessions);
        switch (call.Flavor)
        {
            case "codex":
                if (call.Resume && !File.Exists(Path.Combine(sessions, call.SessionArg!)))
                {
                    Console.Error.WriteLine($"Error: thread/resume failed: no rollout found for thread id {call.SessionArg}");
                    return 1;
                }
                _id = call.Resume ? call.SessionArg! : Guid.CreateVersion7().ToString();
                File.WriteAllText(Path.Combine(sessions, _id), Directory.GetCurrentDirectory());
                Emit($"{{\"type\":\"thread.started\",\"thread_id\":\"{_id}\"}}");
                Emit("{\"type\":\"turn.started\"}");
                return 0;
            case "claude":
                var file = Path.Combine(sessions, call.SessionArg!);
                if (call.Resume && (!File.Exists(file) || File.ReadAllText(file) != Directory.GetCurrentDirectory()))
                {
                    Console.Error.WriteLine($"No conversation found with session ID: {call.SessionArg}");
                    Emit($"{{\"type\":\"result\",\"subtype\":\"error_during_execution\",\"is_error\":true,\"session_id\":\"{call.SessionArg}\"}}");
                    return 1;
                }
                if (!call.Resume && File.Exists(file)) { Console.Error.WriteLine($"Error: Session ID {call.SessionArg} is already in use."); return 1; }
                _id = call.SessionArg!;
                File.WriteAllText(file, Directory.GetCurrentDirectory());
                ClaudeTranscript(_id);
                Emit($"{{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"{J(Directory.GetCurrentDirectory())}\",\"session_id\":\"{_id}\"}}");
                return 0;
            case "opencode":
                if (call.Resume && !File.Exists(Path.Combine(sessions, call.SessionArg!))) { Console.Error.WriteLine("Error: Session not found"); return 1; }
                if (call.Resume && call.Dir is null && File.ReadAllText(Path.Combine(sessions, call.SessionArg!)) != Directory.GetCurrentDirectory())
                    Thread.Sleep(Timeout.Infinite); // the real one hangs when resumed elsewhere without --dir
                _id = call.Resume ? call.SessionArg! : "ses_" + Guid.NewGuid().ToString("N")[..24];
                File.WriteAllText(Path.Combine(sessions, _id), Directory.GetCurrentDirectory());
                Emit($"{{\"type\":\"step_start\",\"sessionID\":\"{_id}\",\"part\":{{\"type\":\"step-start\"}}}}");
                return 0;
            case "qwen":
                return OpenQwen();
            case "copilot":
                return OpenCopilot();
            default: // pi: the session file is the handle; it is written only once a turn completes
                _id = call.Resume ? File.ReadAllLines(call.SessionArg!)[0] : Guid.CreateVersion7().ToString();
                Emit($"{{\"type\":\"session\",\"version\":3,\"id\":\"{_id}\",\"cwd\":\"{J(Directory.GetCurrentDirectory())}\"}}");
                Emit("{\"type\":\"agent_start\"}");
                return 0;
        }
    }

    /// <summary>Where the real Claude keeps the conversation (from the start of the turn), which Shepherd looks for before
    /// a resume: <c>$CLAUDE_CONFIG_DIR</c> (else <c>~/.claude</c>) <c>/projects/&lt;cwd, '/' as '-'&gt;/&lt;id&gt;.jsonl</c>.</summary>
    private static void ClaudeTranscript(string id)
    {
        var config = Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR") is { Length: > 0 } c ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude");
        var dir = Directory.CreateDirectory(Path.Combine(config, "projects", Directory.GetCurrentDirectory().Replace('/', '-'))).FullName;
        File.AppendAllText(Path.Combine(dir, id + ".jsonl"), $"{{\"type\":\"user\",\"sessionId\":\"{id}\"}}\n");
    }

    private void Say(string text)
    {
        switch (call.Flavor)
        {
            case "codex": Emit($"{{\"type\":\"item.completed\",\"item\":{{\"type\":\"agent_message\",\"text\":\"{J(text)}\"}}}}"); break;
            case "claude": Emit($"{{\"type\":\"assistant\",\"message\":{{\"content\":[{{\"type\":\"text\",\"text\":\"{J(text)}\"}}]}}}}"); break;
            case "opencode": Emit($"{{\"type\":\"text\",\"sessionID\":\"{_id}\",\"part\":{{\"type\":\"text\",\"text\":\"{J(text)}\"}}}}"); break;
            case "qwen": SayQwen(text); break;
            case "copilot": SayCopilot(text); break;
            default: Emit($"{{\"type\":\"message_update\",\"text\":\"{J(text)}\"}}"); break;
        }
    }

    private void Finish(int inputTokens = 1)
    {
        var answer = $"done: {prompt.Length} chars of prompt";
        Say(answer);
        switch (call.Flavor)
        {
            case "codex": Emit($"{{\"type\":\"turn.completed\",\"usage\":{{\"input_tokens\":{inputTokens},\"output_tokens\":1}}}}"); break;
            case "claude": Emit($"{{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"{J(answer)}\",\"session_id\":\"{_id}\"}}"); break;
            case "opencode": Emit($"{{\"type\":\"step_finish\",\"sessionID\":\"{_id}\",\"part\":{{\"reason\":\"stop\"}}}}"); break;
            case "qwen": FinishQwen(answer); break;
            case "copilot": FinishCopilot(); break;
            default:
                Emit("{\"type\":\"message_end\",\"message\":{\"role\":\"assistant\",\"stopReason\":\"stop\"}}");
                Emit("{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"stop\"}]}");
                File.WriteAllText(call.SessionArg!, _id + "\n");
                break;
        }
    }

    private void Error(int status, string message, bool retryable)
    {
        switch (call.Flavor)
        {
            case "codex":
                Emit($"{{\"type\":\"error\",\"message\":\"{J(message)}\"}}");
                Emit($"{{\"type\":\"turn.failed\",\"error\":{{\"message\":\"{J(message)}\"}}}}");
                break;
            case "claude":
                Emit($"{{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":{status},\"result\":\"API Error: {J(message)}\",\"session_id\":\"{_id}\"}}");
                break;
            case "opencode":
                Emit($"{{\"type\":\"error\",\"sessionID\":\"{_id}\",\"error\":{{\"name\":\"APIError\",\"data\":{{\"message\":\"{J(message)}\",\"statusCode\":{status},\"isRetryable\":{(retryable ? "true" : "false")}}}}}}}");
                break;
            case "qwen":
                ErrorQwen(status, message);
                break;
            case "copilot":
                ErrorCopilot(status, message);
                break;
            default:
                Emit($"{{\"type\":\"message_end\",\"message\":{{\"role\":\"assistant\",\"stopReason\":\"error\",\"errorMessage\":\"{J(message)}\"}}}}");
                Emit($"{{\"type\":\"agent_end\",\"messages\":[{{\"role\":\"assistant\",\"stopReason\":\"error\",\"errorMessage\":\"{J(message)}\"}}]}}");
                break;
        }
    }

    /// <summary>An agent printing as fast as it can: BYTES of 100-byte text lines on stdout, in 1 MiB writes.</summary>
    private static void Bulk(long bytes)
    {
        var line = System.Text.Encoding.ASCII.GetBytes("bulk output: the quick brown fox jumps over the lazy dog, again and again, to fill a line of text..\n");
        var block = new byte[line.Length * 10_000];
        for (var i = 0; i < block.Length; i += line.Length) line.CopyTo(block, i);
        using var stdout = Console.OpenStandardOutput();
        for (var left = bytes; left > 0;)
        {
            var n = (int)Math.Min(block.Length, left);
            stdout.Write(block, 0, n);
            left -= n;
        }
        if (bytes % line.Length != 0) stdout.Write("\n"u8); // the next event starts on a line of its own
    }

    private static void Emit(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static string J(string s) => JsonEncodedText.Encode(s).ToString();

    /// <summary>JSON string content with non-ASCII text left as UTF-8, as the real CLIs print it ("You’ve", "·").</summary>
    private static string Raw(string s) => JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
