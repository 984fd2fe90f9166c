using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Shepherd.Agents;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Web;

/// <summary>The page (one HTML file for the list and for a task), its files, the JSON it reads, the server-sent events
/// that keep it live, and the POSTs of its buttons.</summary>
public sealed class Routes(ShepherdHome home, Board board, StoreWatch watch, Assets assets, Access access, CancellationToken stopping)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);

    public void Map(WebApplication app)
    {
        var r = this;
        app.MapGet("/", r.Page);
        app.MapGet("/task/{name}", r.Page);
        app.MapGet("/assets/{*path}", r.Asset);
        app.MapGet("/api/tasks", c => Json(c, board.Rows(), WebJson.Default.ListTaskRow));
        app.MapGet("/api/agents", c => Json(c, new Agents([.. AgentRegistry.Names]), WebJson.Default.Agents));
        app.MapGet("/api/tasks/{name}", r.Detail);
        app.MapGet("/api/events", r.ListEvents);
        app.MapGet("/api/tasks/{name}/events", r.TaskEvents);
        app.MapPost("/api/tasks", async c =>
        {
            var form = await Read(c, WebJson.Default.StartForm);
            await Answer(c, form is null ? Bad : await Actions.Start(form, c.RequestAborted));
        });
        app.MapPost("/api/tasks/{name}/stop", async c => await Answer(c, await Actions.Stop(Name(c), c.RequestAborted)));
        app.MapPost("/api/tasks/{name}/resume", async c =>
        {
            var form = await Read(c, WebJson.Default.ResumeForm);
            await Answer(c, form is null ? Bad : await Actions.Resume(Name(c), form.Prompt, c.RequestAborted));
        });
        app.MapPost("/api/tasks/{name}/rm", async c =>
        {
            var form = await Read(c, WebJson.Default.RemoveForm);
            await Answer(c, form is null ? Bad : await Actions.Remove(Name(c), form.Confirm, c.RequestAborted));
        });
    }

    private static readonly ActionResult Bad = new(false, "the request's body is not the JSON this page sends", null);

    private static string Name(HttpContext c) => c.Request.RouteValues["name"] as string ?? "";

    private Task Page(HttpContext c)
    {
        c.Response.ContentType = "text/html; charset=utf-8";
        return c.Response.Body.WriteAsync(assets.Page(access.Token)).AsTask();
    }

    private Task Asset(HttpContext c)
    {
        var path = c.Request.RouteValues["path"] as string ?? "";
        if (assets.Get(path) is not { } bytes)
        {
            c.Response.StatusCode = 404;
            return Task.CompletedTask;
        }
        c.Response.ContentType = Assets.ContentType(path);
        return c.Response.Body.WriteAsync(bytes).AsTask();
    }

    private Task Detail(HttpContext c)
    {
        if (board.Detail(Name(c)) is not { } detail)
        {
            c.Response.StatusCode = 404;
            return Json(c, new ActionResult(false, $"no task named {Printable.Quote(Name(c))}", null), WebJson.Default.ActionResult);
        }
        return Json(c, detail, WebJson.Default.TaskDetail);
    }

    /// <summary>The list, sent again after every change that altered it.</summary>
    private async Task ListEvents(HttpContext c)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, stopping);
        var ct = cts.Token;
        var sse = await Sse.Open(c);
        string? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var next = watch.Next;
                var json = board.RowsJson();
                if (json != last) await sse.Send("tasks", json, ct);
                last = json;
                await Wait(next, sse, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
    }

    /// <summary>One task: its details when they change, and its output log as it grows (base64 chunks the page's
    /// terminal writes), starting at most <see cref="Sse.FirstBytes"/> before the end; "skipped" says how much of
    /// the start is not shown, "freed" when the runner already freed it.</summary>
    private async Task TaskEvents(HttpContext c)
    {
        var name = Name(c);
        if (board.Detail(name) is null) { c.Response.StatusCode = 404; return; }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, stopping);
        var ct = cts.Token;
        var sse = await Sse.Open(c);
        var log = new LogReader(home.LogFile(name));
        string? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var next = watch.Next;
                var detail = board.Detail(name);
                if (detail is null) { await sse.Send("gone", "{}", ct); return; }
                var json = JsonSerializer.Serialize(detail, WebJson.Default.TaskDetail);
                if (json != last) await sse.Send("task", json, ct);
                last = json;
                foreach (var (kind, data) in log.Read()) await sse.Send(kind, data, ct);
                await Wait(next, sse, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
    }

    /// <summary>Until the next change; a comment line every <see cref="KeepAlive"/> finds a page that went away.</summary>
    private static async Task Wait(Task next, Sse sse, CancellationToken ct)
    {
        while (await Task.WhenAny(next, Task.Delay(KeepAlive, ct)) != next) await sse.Comment(ct);
    }

    private static async Task<T?> Read<T>(HttpContext c, JsonTypeInfo<T> type) where T : class
    {
        try { return await JsonSerializer.DeserializeAsync(c.Request.Body, type, c.RequestAborted); }
        catch (JsonException) { return null; }
    }

    private static Task Answer(HttpContext c, ActionResult result)
    {
        if (!result.Ok) c.Response.StatusCode = 400;
        return Json(c, result, WebJson.Default.ActionResult);
    }

    private static Task Json<T>(HttpContext c, T value, JsonTypeInfo<T> type)
    {
        c.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(c.Response.Body, value, type);
    }
}

/// <summary>A text/event-stream response.</summary>
internal sealed class Sse(HttpResponse response)
{
    public const long FirstBytes = 1024 * 1024;

    public static async Task<Sse> Open(HttpContext c)
    {
        c.Response.ContentType = "text/event-stream";
        c.Response.Headers["X-Accel-Buffering"] = "no";
        await c.Response.Body.FlushAsync(c.RequestAborted);
        return new Sse(c.Response);
    }

    public async Task Send(string kind, string data, CancellationToken ct)
    {
        await response.WriteAsync($"event: {kind}\ndata: {data}\n\n", Encoding.UTF8, ct);
        await response.Body.FlushAsync(ct);
    }

    public async Task Comment(CancellationToken ct)
    {
        await response.WriteAsync(":\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
