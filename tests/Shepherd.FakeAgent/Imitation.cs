using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Shepherd.FakeAgent;

/// <summary>Plays one launch of one CLI: session id where that CLI prints it, then the plan's step.</summary>
internal sealed partial class Imitation(Invocation call, string state, int launch, string step, byte[] promptBytes)
{
    private readonly string prompt = System.Text.Encoding.UTF8.GetString(promptBytes);

    private string _id = "";

    /// <summary>While set, Emit collects lines here instead of printing them (instant-exit, instant-ok).</summary>
    private StringBuilder? _deferred;

    /// <summary>The conversation this launch opened or resumed ("" when it died before having one).</summary>
    public string SessionId => _id;

    public int Run()
    {
        var (verb, arg) = step.Split(':', 2) is var p && p.Length == 2 ? (p[0], p[1]) : (step, "");
        if (verb == "usage") { Console.Error.WriteLine("error: unexpected argument '--bogus' found"); return 2; }
        if (verb == "noid-exit") { Console.Error.WriteLine("fake-agent: dying before any session exists"); return int.Parse(arg); }
        if (verb == "noid-sleep") Thread.Sleep(TimeSpan.FromSeconds(double.Parse(arg)));
        if (verb == "noid-ok") { FinishWithoutId(); return 0; }
        if (verb is "instant-exit" or "instant-ok") return Instant(verb, arg);
        var opened = verb == "diverge" && call.Resume ? OpenFresh() : OpenSession();
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
            case "said": // prints its argument (no comma in it) raw, says it, then works on forever: a page's last line
                Console.Out.Write(arg + "\n");
                Console.Out.Flush();
                Say(arg);
                Thread.Sleep(Timeout.Infinite);
                break;
            case "stubborn": // ignores SIGINT and SIGTERM: only SIGKILL ends it (stubborn:S: it works S seconds, then finishes)
                using (System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => c.Cancel = true))
                using (System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => c.Cancel = true))
                {
                    if (arg.Length == 0) Thread.Sleep(Timeout.Infinite);
                    for (var i = 0; i < double.Parse(arg) * 2; i++) { Say($"working {i}"); Thread.Sleep(500); }
                }
                break;
            case "run": // an orchestrating agent: runs $FAKE_AGENT_RUN (say, `shepherd start` of another task), then works S seconds
                RunCommand();
                for (var i = 0; i < double.Parse(arg) * 2; i++) { Say($"working {i}"); Thread.Sleep(500); }
                break;
            case "crash":
                Environment.FailFast("fake-agent crash");
                break;
            case "ratelimit":
                Error(429, $"Rate limit reached: 429 Too Many Requests. Please try again in {arg}s.", retryable: true);
                return ApiErrorExit(429);
            case "usage-limit":
                return UsageLimited(arg);
            case "refused" or "overflow": // the conversation cannot go on: the CLI's real lines and exit code
                foreach (var line in ConversationErrorText.Lines(call.Flavor, verb, _id)) Emit(line);
                return ConversationErrorText.ExitCode(call.Flavor);
            case "auth":
                Error(401, "401 Unauthorized: invalid x-api-key", retryable: false);
                return ApiErrorExit(401);
            case "apierror":
                Error(500, "500 Internal Server Error", retryable: true);
                return ApiErrorExit(500);
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
            case "steps": // N steps of 0.5 s, each reporting its usage as it ends (OpenCode's step_finish, Pi's message_end)
                for (var i = 0; i < int.Parse(arg); i++)
                {
                    Thread.Sleep(500);
                    Say($"step {i}");
                    ReportUsage();
                }
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

    /// <summary>How each CLI exits after an API error: Pi 0, Gemini the HTTP status (the kernel keeps it mod 256), the others 1.</summary>
    private int ApiErrorExit(int status) => call.Flavor switch { "pi" => 0, "gemini" => status % 256, _ => 1 };

    private void Recovered(int status)
    {
        switch (call.Flavor)
        {
            case "gemini": // its retries show on stderr only
                Console.Error.WriteLine($"Attempt 1 failed with status {status}. Retrying with backoff... ApiError: {{\"error\":{{\"code\":{status},\"message\":\"transient\"}}}}");
                Finish();
                break;
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
        var now = Environment.GetEnvironmentVariable("FAKE_AGENT_NOW") is { Length: > 0 } fixedNow // a test's clock
            ? DateTimeOffset.Parse(fixedNow, System.Globalization.CultureInfo.InvariantCulture) : DateTimeOffset.Now;
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
            case "gemini": // the server's capacity message with its reset, or Gemini's own daily-quota text; exit 429 % 256
                Error(429, seconds is null ? UsageLimitText.GeminiDaily : UsageLimitText.Gemini(wait), retryable: false);
                return ApiErrorExit(429);
            case "qwen" or "copilot":
                return UsageLimitedQwenOrCopilot(reset, wait, relative);
            default:
                Error(429, UsageLimitText.Pi(wait), retryable: false);
                return 0;
        }
    }

    /// <summary>instant-exit:N[:BYTES] and instant-ok[:BYTES]: BYTES of plain text first (output the runner may still be
    /// reading when the agent is gone), then the session id — with the finished turn for instant-ok — in one write(2),
    /// and the process ends (_exit) within a millisecond of it, as a CLI that prints its id and dies at once.</summary>
    private int Instant(string verb, string arg)
    {
        var a = arg.Split(':', StringSplitOptions.RemoveEmptyEntries);
        var ok = verb == "instant-ok";
        var code = ok ? 0 : int.Parse(a[0]);
        var backlog = a.Length > (ok ? 0 : 1) ? long.Parse(a[ok ? 0 : 1]) : 0;
        if (backlog > 0) Bulk(backlog);
        Console.Out.Flush();
        _deferred = new StringBuilder();
        var opened = OpenSession();
        if (opened == 0)
        {
            if (ok) Finish();
            Lifecycle.Opened(state, launch, _id);
        }
        Lifecycle.Ended(state, launch, _id, opened != 0 ? opened : code);
        Lifecycle.WriteAndExit(Encoding.UTF8.GetBytes(_deferred.ToString()), opened != 0 ? opened : code);
        return code; // not reached
    }

    /// <summary>run: <c>sh -c "$FAKE_AGENT_RUN"</c> in the agent's own process group, its output in run-N.log.</summary>
    private void RunCommand()
    {
        var command = Environment.GetEnvironmentVariable("FAKE_AGENT_RUN");
        if (string.IsNullOrEmpty(command))
        {
            Say("nothing to run (FAKE_AGENT_RUN is empty)");
            return;
        }
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        File.WriteAllText(Path.Combine(state, $"run-{launch}.log"), $"exit {p.ExitCode}\n{stdout}{stderr.Result}");
        Say($"ran FAKE_AGENT_RUN: exit {p.ExitCode}");
    }

    /// <summary>A finished turn whose output never carried the session id.</summary>
    private void FinishWithoutId()
    {
        switch (call.Flavor)
        {
            case "codex": Emit("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"); break;
            case "claude": Emit("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\"}"); break;
            case "opencode": Emit("{\"type\":\"step_finish\",\"part\":{\"reason\":\"stop\"}}"); break;
            case "gemini": Emit(GeminiResult("\"status\":\"success\"", 1)); break;
            case "qwen": Emit("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"done\"}"); break;
            case "copilot": Emit("{\"type\":\"result\",\"exitCode\":0}"); break;
            default: Emit("{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"stop\"}]}"); break;
        }
    }

    /// <summary>diverge: asked to resume, the CLI silently opens a new conversation (and says so only by its new id), as
    /// peers' users saw real agents do.</summary>
    private int OpenFresh()
    {
        _id = call.Flavor == "opencode" ? "ses_" + Guid.NewGuid().ToString("N")[..24] : Guid.CreateVersion7().ToString();
        switch (call.Flavor)
        {
            case "codex": Emit($"{{\"type\":\"thread.started\",\"thread_id\":\"{_id}\"}}"); break;
            case "claude": Emit($"{{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"{_id}\"}}"); break;
            case "opencode": Emit($"{{\"type\":\"step_start\",\"sessionID\":\"{_id}\",\"part\":{{\"type\":\"step-start\"}}}}"); break;
            case "gemini":
                _chat = GeminiChat.Create(_id);
                Emit($"{{\"type\":\"init\",\"timestamp\":\"{Now()}\",\"session_id\":\"{_id}\",\"model\":\"auto\"}}");
                break;
            case "qwen":
                Emit($"{{\"type\":\"system\",\"subtype\":\"init\",\"uuid\":\"{_id}\",\"session_id\":\"{_id}\",\"cwd\":\"{J(Directory.GetCurrentDirectory())}\",\"tools\":[],\"model\":\"fake-model\"}}");
                break;
            case "copilot": // no id until its last event, result.sessionId, which names the new conversation
                Emit($"{{\"type\":\"assistant.turn_start\",\"data\":{{\"turnId\":\"0\"}},\"id\":\"{Guid.NewGuid()}\"}}");
                break;
            default: Emit($"{{\"type\":\"session\",\"version\":3,\"id\":\"{_id}\"}}"); break;
        }
        return 0;
    }

    /// <summary>Starts or resumes the conversation and prints the id the way the real CLI does.</summary>
    private int OpenSession()
    {
        var sessions = Path.Combine(state, "sessions");
        Directory.CreateDirectory(sessions);
        switch (call.Flavor)
        {
            case "codex":
                if (call.Resume && CodexRollout(call.SessionArg!) is null) // the real one needs only its rollout
                {
                    Console.Error.WriteLine($"Error: thread/resume failed: no rollout found for thread id {call.SessionArg}");
                    return 1;
                }
                _id = call.Resume ? call.SessionArg! : Guid.CreateVersion7().ToString();
                File.WriteAllText(Path.Combine(sessions, _id), Directory.GetCurrentDirectory());
                var rollout = CodexRollout(_id) ?? NewCodexRollout(_id);
                File.AppendAllText(rollout, $"{{\"type\":\"turn_context\",\"launch\":{launch}}}\n");
                Emit($"{{\"type\":\"thread.started\",\"thread_id\":\"{_id}\"}}");
                Emit("{\"type\":\"turn.started\"}");
                return 0;
            case "claude":
                var file = Path.Combine(sessions, call.SessionArg!);
                if (call.Resume && !File.Exists(ClaudeTranscriptPath(call.SessionArg!))) // the real one needs only its transcript (in the cwd's folder)
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
            case "gemini":
                return OpenGeminiSession(sessions);
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
    /// a resume: <c>$CLAUDE_CONFIG_DIR/projects/&lt;cwd, '/' as '-'&gt;/&lt;id&gt;.jsonl</c>. Without CLAUDE_CONFIG_DIR
    /// (the real one would use ~/.claude) the fake keeps it in its state directory: never the user's home.</summary>
    private string ClaudeTranscriptPath(string id)
    {
        var config = Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR") is { Length: > 0 } c ? c : Path.Combine(state, "claude-config");
        return Path.Combine(config, "projects", Directory.GetCurrentDirectory().Replace('/', '-'), id + ".jsonl");
    }

    private void ClaudeTranscript(string id)
    {
        var path = ClaudeTranscriptPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, $"{{\"type\":\"user\",\"sessionId\":\"{id}\"}}\n");
    }

    /// <summary>Codex's rollouts: <c>$CODEX_HOME/sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;id&gt;.jsonl</c>. Without
    /// CODEX_HOME (the real one would use ~/.codex) the fake keeps them in its state directory.</summary>
    private string CodexSessions => Path.Combine(Environment.GetEnvironmentVariable("CODEX_HOME") is { Length: > 0 } h ? h : Path.Combine(state, "codex-home"), "sessions");

    private string? CodexRollout(string id) => Directory.Exists(CodexSessions)
        ? Directory.EnumerateFiles(CodexSessions, $"rollout-*-{id}.jsonl", SearchOption.AllDirectories).FirstOrDefault()
        : null;

    private string NewCodexRollout(string id)
    {
        var now = DateTime.UtcNow;
        var dir = Directory.CreateDirectory(Path.Combine(CodexSessions, $"{now:yyyy}", $"{now:MM}", $"{now:dd}")).FullName;
        return Path.Combine(dir, $"rollout-{now:yyyy-MM-ddTHH-mm-ss}-{id}.jsonl");
    }

    private void Say(string text)
    {
        switch (call.Flavor)
        {
            case "codex": Emit($"{{\"type\":\"item.completed\",\"item\":{{\"type\":\"agent_message\",\"text\":\"{J(text)}\"}}}}"); break;
            case "claude": Emit($"{{\"type\":\"assistant\",\"message\":{{\"content\":[{{\"type\":\"text\",\"text\":\"{J(text)}\"}}]}}}}"); break;
            case "opencode": Emit($"{{\"type\":\"text\",\"sessionID\":\"{_id}\",\"part\":{{\"type\":\"text\",\"text\":\"{J(text)}\"}}}}"); break;
            case "gemini": Emit($"{{\"type\":\"message\",\"timestamp\":\"{Now()}\",\"role\":\"assistant\",\"content\":\"{J(text)}\",\"delta\":true}}"); break;
            case "qwen": SayQwen(text); break;
            case "copilot": SayCopilot(text); break;
            default: Emit($"{{\"type\":\"message_update\",\"text\":\"{J(text)}\"}}"); break;
        }
    }

    private void Finish(int? inputTokens = null)
    {
        var answer = $"done: {prompt.Length} chars of prompt";
        Say(answer);
        ReportUsage(inputTokens, answer);
        if (call.Flavor == "pi")
        {
            Emit("{\"type\":\"agent_end\",\"messages\":[{\"role\":\"assistant\",\"stopReason\":\"stop\"}]}");
            File.WriteAllText(call.SessionArg!, _id + "\n");
        }
    }

    /// <summary>The turn's (or step's) usage in the CLI's own event: Codex's turn.completed, Claude's result, OpenCode's
    /// step_finish, Pi's message_end.</summary>
    private void ReportUsage(int? inputTokens = null, string answer = "")
    {
        var u = TurnUsage.FromEnvironment(inputTokens);
        switch (call.Flavor)
        {
            case "codex": // the conversation's running total, carried over by a resume, as the real Codex reports it
                var total = TurnUsage.Accumulate(Path.Combine(state, "sessions", "usage-" + _id), u);
                Emit($"{{\"type\":\"turn.completed\",\"usage\":{{\"input_tokens\":{total.Input},\"cached_input_tokens\":{total.Cached},\"cache_write_input_tokens\":0,\"output_tokens\":{total.Output},\"reasoning_output_tokens\":0}}}}");
                break;
            case "claude": // this run's own figures; input_tokens excludes the cache
                Emit($"{{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"{J(answer)}\",\"session_id\":\"{_id}\",\"total_cost_usd\":{u.CostText},\"usage\":{{\"input_tokens\":{u.Input - u.Cached},\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":{u.Cached},\"output_tokens\":{u.Output},\"service_tier\":\"standard\"}}}}");
                break;
            case "opencode": // per step; input excludes the cache
                Emit($"{{\"type\":\"step_finish\",\"sessionID\":\"{_id}\",\"part\":{{\"reason\":\"stop\",\"type\":\"step-finish\",\"tokens\":{{\"total\":{u.Input + u.Output},\"input\":{u.Input - u.Cached},\"output\":{u.Output},\"reasoning\":0,\"cache\":{{\"write\":0,\"read\":{u.Cached}}}}},\"cost\":{u.CostText}}}}}");
                break;
            case "gemini":
                GeminiChat.Append(_chat!, $"{{\"id\":\"{Guid.NewGuid()}\",\"timestamp\":\"{Now()}\",\"type\":\"gemini\",\"content\":\"{J(answer)}\"}}");
                Emit(GeminiResult("\"status\":\"success\"", (int)u.Input));
                break;
            case "qwen": FinishQwen(answer, u); break;
            case "copilot": FinishCopilot(); break;
            default: // pi: per assistant message; input excludes cacheRead
                Emit($"{{\"type\":\"message_end\",\"message\":{{\"role\":\"assistant\",\"stopReason\":\"stop\",\"usage\":{{\"input\":{u.Input - u.Cached},\"output\":{u.Output},\"cacheRead\":{u.Cached},\"cacheWrite\":0,\"totalTokens\":{u.Input + u.Output},\"cost\":{{\"input\":0,\"output\":0,\"cacheRead\":0,\"cacheWrite\":0,\"total\":{u.CostText}}}}}}}}}");
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
            case "gemini": // parseAndFormatApiError: "[API Error: …]", plus its advice after a 429 (API-key auth)
                // The real one rewrites its chat without the failed turn ($set messages); a rewind has the same effect.
                GeminiChat.Append(_chat!, $"{{\"$rewindTo\":\"{_promptRecord}\"}}");
                var text = $"[API Error: {message}]{(status == 429 ? UsageLimitText.GeminiAfter429 : "")}";
                Emit(GeminiResult($"\"status\":\"error\",\"error\":{{\"type\":\"unknown\",\"message\":\"{Raw(text)}\"}}", 1));
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

    /// <summary>Gemini's session: <c>--session-id</c> refuses an id whose chat exists, <c>--resume</c> one that has none in this
    /// directory; the chat (header and the prompt) is where the real one keeps it, for Shepherd's CanResume to find.</summary>
    private int OpenGeminiSession(string sessions)
    {
        var existing = GeminiChat.Find(call.SessionArg!);
        if (call.Resume && existing is null)
        {
            Console.Error.WriteLine($"Error resuming session: Invalid session identifier \"{call.SessionArg}\".");
            Console.Error.WriteLine($"  Searched for sessions in {GeminiChat.ChatsDir()}.");
            return 42;
        }
        if (!call.Resume && existing is not null)
        {
            Console.Error.WriteLine($"Error starting session: Session ID \"{call.SessionArg}\" already exists. Use --resume to resume it, or provide a different ID.");
            return 42;
        }
        _id = call.SessionArg!;
        File.WriteAllText(Path.Combine(sessions, _id), Directory.GetCurrentDirectory());
        _chat = existing ?? GeminiChat.Create(_id);
        _promptRecord = Guid.NewGuid().ToString();
        GeminiChat.Append(_chat, $"{{\"id\":\"{_promptRecord}\",\"timestamp\":\"{Now()}\",\"type\":\"user\",\"content\":[{{\"text\":\"{J(prompt)}\"}}]}}");
        Emit($"{{\"type\":\"init\",\"timestamp\":\"{Now()}\",\"session_id\":\"{_id}\",\"model\":\"auto\"}}");
        Emit($"{{\"type\":\"message\",\"timestamp\":\"{Now()}\",\"role\":\"user\",\"content\":\"{J(prompt)}\"}}");
        return 0;
    }

    private string? _chat, _promptRecord;

    private static string GeminiResult(string status, int inputTokens) =>
        $"{{\"type\":\"result\",\"timestamp\":\"{Now()}\",{status},\"stats\":{{\"total_tokens\":{inputTokens + 1},\"input_tokens\":{inputTokens},\"output_tokens\":1,\"cached\":0,\"input\":{inputTokens},\"duration_ms\":1,\"tool_calls\":0}}}}";

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private void Emit(string line)
    {
        if (_deferred is not null)
        {
            _deferred.Append(line).Append('\n');
            return;
        }
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static string J(string s) => JsonEncodedText.Encode(s).ToString();

    /// <summary>JSON string content with non-ASCII text left as UTF-8, as the real CLIs print it ("You’ve", "·").</summary>
    private static string Raw(string s) => JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
}
