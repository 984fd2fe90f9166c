namespace Shepherd.Tests.Unit;

/// <summary>Gemini CLI 0.61.0 as it really ran (2026-12-04, about 20:35–20:45 UTC, `gemini -o stream-json --skip-trust
/// --approval-mode yolo` with the prompt on stdin, `general.maxAttempts` 1), against a local server answering its
/// streamGenerateContent as described on each line: stdout lines and stderr lines verbatim, and the texts its bundle
/// (bundle/chunk-JDPZ4CE3.js, errorParsing.js and googleQuotaErrors.js) builds its quota messages from.</summary>
internal static class GeminiCapturedOutput
{
    /// <summary>the first line, before any model call (`--session-id 9efb16bd-…`)</summary>
    public const string Init = """
        {"type":"init","timestamp":"2026-12-04T20:34:54.935Z","session_id":"9efb16bd-6640-4fcd-b428-ec1bf0bc04ac","model":"auto"}
        """;

    /// <summary>the prompt as read from stdin</summary>
    public const string UserMessage = """
        {"type":"message","timestamp":"2026-12-04T20:34:54.940Z","role":"user","content":"first prompt ALPHA"}
        """;

    /// <summary>a finished turn; exit 0</summary>
    public const string Success = """
        {"type":"result","timestamp":"2026-12-04T20:34:55.478Z","status":"success","stats":{"total_tokens":8,"input_tokens":6,"output_tokens":2,"cached":0,"input":6,"duration_ms":544,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"fake":{"total_tokens":6,"input_tokens":5,"output_tokens":1,"cached":0,"input":5}}}}
        """;

    /// <summary>HTTP 429 from the server (message "fake error 429"); exit 173</summary>
    public const string Error429 = """
        {"type":"result","timestamp":"2026-12-04T20:37:57.283Z","status":"error","error":{"type":"unknown","message":"[API Error: fake error 429]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>HTTP 500; exit 244</summary>
    public const string Error500 = """
        {"type":"result","timestamp":"2026-12-04T20:38:13.344Z","status":"error","error":{"type":"unknown","message":"[API Error: {\"error\":{\"code\":500,\"message\":\"fake error 500\",\"status\":\"INTERNAL\"}}]"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>HTTP 400; exit 144</summary>
    public const string Error400 = """
        {"type":"result","timestamp":"2026-12-04T20:38:38.216Z","status":"error","error":{"type":"unknown","message":"[API Error: {\"error\":{\"code\":400,\"message\":\"fake error 400\",\"status\":\"INVALID_ARGUMENT\"}}]"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>HTTP 401; exit 145</summary>
    public const string Error401 = """
        {"type":"result","timestamp":"2026-12-04T20:38:56.033Z","status":"error","error":{"type":"unknown","message":"[API Error: {\"error\":{\"code\":401,\"message\":\"fake error 401\",\"status\":\"UNAUTHENTICATED\"}}]"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>HTTP 503; exit 247</summary>
    public const string Error503 = """
        {"type":"result","timestamp":"2026-12-04T20:39:20.049Z","status":"error","error":{"type":"unknown","message":"[API Error: fake error 503]"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>the connection closed without a response; exit 1</summary>
    public const string Dropped = """
        {"type":"result","timestamp":"2026-12-04T20:40:35.353Z","status":"error","error":{"type":"unknown","message":"[API Error: exception TypeError: fetch failed sending request]"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>429 with the server's "You have exhausted your capacity…" and RetryInfo 31447s; exit 173</summary>
    public const string CapacityExhausted = """
        {"type":"result","timestamp":"2026-12-04T20:44:57.468Z","status":"error","error":{"type":"unknown","message":"[API Error: You have exhausted your capacity on this model. Your quota will reset after 8h44m7s.\nSuggested retry after 31447s.]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>429 whose QuotaFailure quotaId says PerDay: Gemini's own text; exit 173</summary>
    public const string DailyQuota = """
        {"type":"result","timestamp":"2026-12-04T20:45:07.166Z","status":"error","error":{"type":"unknown","message":"[API Error: You have exhausted your daily quota on this model.]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>429 with RetryInfo 3600s (over 300 s Gemini gives up); exit 173</summary>
    public const string TerminalRetryAfter = """
        {"type":"result","timestamp":"2026-12-04T20:45:18.789Z","status":"error","error":{"type":"unknown","message":"[API Error: Resource exhausted. Please try again later.\nSuggested retry after 3600s.]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>429 with RetryInfo 2s (Gemini retries that itself, here with maxAttempts 1); exit 173</summary>
    public const string RetryableRetryAfter = """
        {"type":"result","timestamp":"2026-12-04T20:45:31.487Z","status":"error","error":{"type":"unknown","message":"[API Error: Resource exhausted. Please try again later.\nSuggested retry after 2s.]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method"},"stats":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1,"duration_ms":0,"tool_calls":0,"models":{"gemini-3.5-flash-lite":{"total_tokens":2,"input_tokens":1,"output_tokens":1,"cached":0,"input":1},"gemini-3.1-pro-preview":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0}}}}
        """;

    /// <summary>stderr, exit 42: <c>--resume</c> with an id that has no chat in this directory.</summary>
    public const string ResumeUnknown = "Error resuming session: Invalid session identifier \"11111111-2222-3333-4444-555555555555\".";

    /// <summary>stderr, exit 42: <c>--resume</c> where this directory has no resumable chat at all (also after a first turn
    /// that failed: Gemini dropped it).</summary>
    public const string ResumeNoneHere = "Error resuming session: No previous sessions found for this project.";

    /// <summary>stderr, exit 42: <c>--session-id</c> with an id whose chat exists.</summary>
    public const string IdExists =
        "Error starting session: Session ID \"2e6a00ba-3b78-48c8-91de-347796bd1712\" already exists. Use --resume to resume it, or provide a different ID.";

    /// <summary>stderr, exit 41: <c>GOOGLE_GEMINI_BASE_URL</c> set and no <c>security.auth.selectedType</c> in settings.json.</summary>
    public const string NoAuthType = "Invalid auth method selected.";

    /// <summary>stderr, exit 41: API-key auth without <c>GEMINI_API_KEY</c>.</summary>
    public static readonly string[] NoApiKey =
    [
        "When using Gemini API, you must specify the GEMINI_API_KEY environment variable.",
        "Update your environment and try again (no reload needed if using .env)!",
    ];

    /// <summary>stderr while it retries by itself (logRetryAttempt), before a later success.</summary>
    public const string RetryNote = "Attempt 1 failed with status 429. Retrying with backoff...";

    /// <summary>The bundle's own quota texts: TerminalQuotaError for a PerDay quota, the suffix it appends from a RetryInfo
    /// (over 300 s it gives up: TerminalQuotaError, else RetryableQuotaError), and what follows "]" after a 429 with API-key
    /// auth (RATE_LIMIT_ERROR_MESSAGE_USE_GEMINI).</summary>
    public const string DailyQuotaText = "You have exhausted your daily quota on this model.";
    public const string SuggestedRetryTemplate = "${googleApiError.message}\nSuggested retry after ${retryInfo.retryDelay}.";
    public const string After429UseGemini =
        "\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method";

    /// <summary>The Code Assist server's capacity message as users report it (google-gemini/gemini-cli#13004, #25103).</summary>
    public const string ServerCapacity = "You have exhausted your capacity on this model. Your quota will reset after 8h44m7s.";
}
