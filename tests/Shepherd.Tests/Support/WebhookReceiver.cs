using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Shepherd.Tests.Support;

/// <summary>A real HTTP listener on 127.0.0.1 that records webhook posts (JSON in <see cref="Posts"/>, every accepted
/// request as it came in <see cref="Requests"/>); it can answer 503 until told otherwise.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<JsonElement> _posts = [];
    private readonly List<Received> _requests = [];

    /// <summary>One accepted request: its path, headers and body as sent.</summary>
    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{Port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Url { get; }
    public volatile bool Failing;
    public int Refused;

    public List<JsonElement> Posts { get { lock (_posts) return [.. _posts]; } }

    public List<Received> Requests { get { lock (_posts) return [.. _requests]; } }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            if (Failing)
            {
                Interlocked.Increment(ref Refused);
                ctx.Response.StatusCode = 503;
            }
            else
            {
                var headers = ctx.Request.Headers.AllKeys.Where(k => k is not null)
                    .ToDictionary(k => k!, k => ctx.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
                lock (_posts)
                {
                    _requests.Add(new Received(ctx.Request.Url!.AbsolutePath, headers, body));
                    if (headers.GetValueOrDefault("Content-Type")?.StartsWith("application/json") != false) _posts.Add(JsonDocument.Parse(body).RootElement.Clone());
                }
                ctx.Response.StatusCode = 204;
            }
            ctx.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
