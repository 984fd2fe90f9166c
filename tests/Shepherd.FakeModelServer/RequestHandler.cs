using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Shepherd.FakeModel;

/// <summary>The single terminal endpoint: records each request, then answers by method and path suffix.</summary>
internal sealed class RequestHandler(RequestLog log, ReplyRuleSet rules, Action<RecordedRequest> onRecorded, CancellationToken shutdown)
{
    private static readonly IReadOnlyDictionary<ApiKind, IReplyFormat> Formats = new Dictionary<ApiKind, IReplyFormat>
    {
        [ApiKind.Responses] = new ResponsesFormat(),
        [ApiKind.Chat] = new ChatFormat(),
        [ApiKind.Anthropic] = new AnthropicFormat(),
        [ApiKind.Gemini] = new GeminiFormat(),
    };

    public async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown);
        var ct = linked.Token;
        try
        {
            // Every client is told to close the connection after the answer (works for all four CLIs).
            context.Response.Headers.Connection = "close";
            var request = await RecordAsync(context, ct).ConfigureAwait(false);
            await AnswerAsync(context, request, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Client went away (killed agent, broken pipe) or server shutting down: nothing to answer.
            context.Abort();
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context, CancellationToken ct)
    {
        var http = context.Request;
        string body;
        using (var reader = new StreamReader(http.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }
        var kind = RequestParser.Classify(http.Method, http.Path.Value ?? "/");
        var (model, stream, userTexts) = RequestParser.ParseBody(kind, body, http.Path.Value ?? "");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in http.Headers) headers[header.Key] = header.Value.ToString();
        var request = new RecordedRequest
        {
            Sequence = log.NextSequence(),
            Timestamp = DateTimeOffset.UtcNow,
            Method = http.Method,
            Path = http.Path.Value ?? "/",
            Query = http.QueryString.Value ?? "",
            Kind = kind,
            Model = model,
            Stream = stream,
            UserTexts = userTexts,
            ToolResults = ToolResultParser.Parse(kind, body),
            Body = body,
            Headers = headers,
        };
        log.Add(request);
        try
        {
            onRecorded(request);
        }
        catch (Exception)
        {
            // A faulty observer must not break the server.
        }
        return request;
    }

    private async Task AnswerAsync(HttpContext context, RecordedRequest request, CancellationToken ct)
    {
        if (HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            return;
        }
        if (HttpMethods.IsGet(request.Method))
        {
            await WriteJsonAsync(context, 200, IsModelList(request.Path) ? ModelList() : new JsonObject { ["ok"] = true }, ct).ConfigureAwait(false);
            return;
        }
        if (RequestParser.IsCountTokens(request.Method, request.Path))
        {
            await WriteJsonAsync(context, 200, new JsonObject { ["input_tokens"] = Math.Max(1, request.Body.Length / 4) }, ct).ConfigureAwait(false);
            return;
        }
        if (RequestParser.IsGeminiCountTokens(request.Method, request.Path))
        {
            await WriteJsonAsync(context, 200, new JsonObject { ["totalTokens"] = Math.Max(1, request.Body.Length / 4) }, ct).ConfigureAwait(false);
            return;
        }
        if (request.Kind == ApiKind.GeminiSide)
        {
            await WriteJsonAsync(context, 200, GeminiSideCall.Answer(request), ct).ConfigureAwait(false);
            return;
        }
        if (!Formats.TryGetValue(request.Kind, out var format))
        {
            await WriteJsonAsync(context, 404, OpenAiError.Body(404, $"fake server: no handler for {request.Method} {request.Path}"), ct).ConfigureAwait(false);
            return;
        }
        await AnswerModelCallAsync(context, request, format, rules.Choose(request), ct).ConfigureAwait(false);
    }

    private static async Task AnswerModelCallAsync(HttpContext context, RecordedRequest request, IReplyFormat format, ReplyBehavior behavior, CancellationToken ct)
    {
        var reply = ReplyContext.For(request, behavior.Text) with { ToolCalls = behavior.ToolCalls };
        switch (behavior.Fault)
        {
            case FaultKind.None when request.Stream:
                var sse = new SseWriter(context.Response);
                await sse.StartAsync(ct).ConfigureAwait(false);
                await DelayAsync(behavior.Delay, ct).ConfigureAwait(false);
                await format.WriteStreamAsync(sse, reply, ct).ConfigureAwait(false);
                break;
            case FaultKind.None:
                await DelayAsync(behavior.Delay, ct).ConfigureAwait(false);
                await WriteJsonAsync(context, 200, format.CompleteAnswer(reply), ct).ConfigureAwait(false);
                break;
            case FaultKind.HttpError:
                await DelayAsync(behavior.Delay, ct).ConfigureAwait(false);
                if (behavior.RawErrorBody is { } raw) await WriteRawJsonAsync(context, behavior.StatusCode, raw, ct).ConfigureAwait(false);
                else await WriteJsonAsync(context, behavior.StatusCode, format.ErrorBody(behavior.StatusCode, behavior.ErrorMessage ?? "fake error"), ct).ConfigureAwait(false);
                break;
            case FaultKind.RateLimited:
                await DelayAsync(behavior.Delay, ct).ConfigureAwait(false);
                var seconds = (int)Math.Ceiling(Math.Max(0, behavior.RetryAfter.TotalSeconds));
                context.Response.Headers["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteJsonAsync(context, 429, format.ErrorBody(429, behavior.ErrorMessage ?? "fake rate limit"), ct).ConfigureAwait(false);
                break;
            case FaultKind.DropConnection:
                await DelayAsync(behavior.Delay, ct).ConfigureAwait(false);
                context.Abort();
                break;
            default:
                throw new InvalidOperationException($"Unknown fault {behavior.Fault}");
        }
    }

    private static Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, ct) : Task.CompletedTask;

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), ct).ConfigureAwait(false);
    }

    private static async Task WriteRawJsonAsync(HttpContext context, int status, string body, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, ct).ConfigureAwait(false);
    }

    private static bool IsModelList(string path) => path.TrimEnd('/').EndsWith("/models", StringComparison.OrdinalIgnoreCase);

    private static JsonObject ModelList() => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(new JsonObject
        {
            ["id"] = "fake-model",
            ["object"] = "model",
            ["type"] = "model",
            ["display_name"] = "Fake Model",
            ["created"] = 0,
            ["owned_by"] = "fake",
        }),
        ["has_more"] = false,
    };
}
