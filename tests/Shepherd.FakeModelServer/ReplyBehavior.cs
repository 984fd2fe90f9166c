namespace Shepherd.FakeModel;

/// <summary>
/// What the server does with a model request. Immutable; derive variants with <c>with</c>.
/// </summary>
public sealed record ReplyBehavior
{
    /// <summary>Assistant text of a normal answer.</summary>
    public string Text { get; init; } = "OK";

    /// <summary>
    /// Wait this long before the first chunk (for streams the 200 headers are sent first)
    /// or before the fault. The wait ends early when the client disconnects.
    /// </summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>Misbehaviour instead of a normal answer.</summary>
    public FaultKind Fault { get; init; } = FaultKind.None;

    /// <summary>Status code for <see cref="FaultKind.HttpError"/>.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>Value of the <c>retry-after</c> header for <see cref="FaultKind.RateLimited"/> (whole seconds, rounded up).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tool calls the answer makes (Anthropic and Chat formats; after <see cref="Text"/>, when that is not empty); the turn then
    /// stops for the tool results (<c>stop_reason: tool_use</c>, <c>finish_reason: tool_calls</c>).</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>Error message put into the error body of a fault.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The exact JSON body of an <see cref="FaultKind.HttpError"/> (a real API's words), instead of one made from
    /// <see cref="ErrorMessage"/>.</summary>
    public string? RawErrorBody { get; init; }

    /// <summary>HTTP <paramref name="statusCode"/> with exactly <paramref name="body"/> (see <see cref="RealErrorBodies"/>).</summary>
    public static ReplyBehavior ErrorWithBody(int statusCode, string body) =>
        new() { Fault = FaultKind.HttpError, StatusCode = statusCode, RawErrorBody = body };

    /// <summary>The default: answer "OK" immediately.</summary>
    public static ReplyBehavior Default { get; } = new();

    /// <summary>Answer with <paramref name="text"/>.</summary>
    public static ReplyBehavior Reply(string text) => new() { Text = text };

    /// <summary>Answer with one call of tool <paramref name="name"/> (arguments as JSON text), optionally after a
    /// short <paramref name="text"/>.</summary>
    public static ReplyBehavior CallTool(string id, string name, string argumentsJson, string text = "") =>
        new() { Text = text, ToolCalls = [new ToolCall(id, name, argumentsJson)] };

    /// <summary>Send headers, then wait <paramref name="delay"/> before the first chunk.</summary>
    public static ReplyBehavior Slow(TimeSpan delay, string text = "OK") => new() { Text = text, Delay = delay };

    /// <summary>HTTP 500 (all four CLIs treat it as retryable).</summary>
    public static ReplyBehavior ServerError(string message = "fake server error") => HttpError(500, message);

    /// <summary>HTTP 400: non-retryable for the CLIs, so the fastest way to fail a turn (OpenCode retries 5xx/429/drops 5 times).</summary>
    public static ReplyBehavior BadRequest(string message = "fake bad request") => HttpError(400, message);

    /// <summary>Any HTTP error status with a protocol-shaped error body.</summary>
    public static ReplyBehavior HttpError(int statusCode, string message = "fake error") =>
        new() { Fault = FaultKind.HttpError, StatusCode = statusCode, ErrorMessage = message };

    /// <summary>HTTP 429 with <c>retry-after</c>.</summary>
    public static ReplyBehavior RateLimited(TimeSpan retryAfter, string message = "fake rate limit") =>
        new() { Fault = FaultKind.RateLimited, RetryAfter = retryAfter, ErrorMessage = message };

    /// <summary>Abort the connection without a response.</summary>
    public static ReplyBehavior Drop() => new() { Fault = FaultKind.DropConnection };
}
