using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shepherd.FakeModel;

/// <summary>
/// A fake LLM endpoint for the agent CLIs (OpenAI Responses, OpenAI Chat Completions, Anthropic Messages, Gemini API)
/// on 127.0.0.1. Records every request before answering it; behaviour is set by <see cref="When"/> rules.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestLog _log;
    private readonly ReplyRuleSet _rules;
    private readonly CancellationTokenSource _shutdown;
    private int _disposed;

    private FakeModelServer(WebApplication app, RequestLog log, ReplyRuleSet rules, CancellationTokenSource shutdown)
    {
        _app = app;
        _log = log;
        _rules = rules;
        _shutdown = shutdown;
    }

    /// <summary>The port actually bound.</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT</c> (Claude's <c>ANTHROPIC_BASE_URL</c>, Gemini's <c>GOOGLE_GEMINI_BASE_URL</c>).</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:PORT/v1</c> (Codex, OpenCode and Pi base URLs).</summary>
    public string V1Url => BaseUrl + "/v1";

    /// <summary>Behaviour for model calls that match no rule. Default: answer "OK" at once.</summary>
    public ReplyBehavior DefaultBehavior
    {
        get => _rules.Default;
        set => _rules.Default = value;
    }

    /// <summary>Every request so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>Raised on a server thread right after a request was recorded, before it is answered.</summary>
    public event Action<RecordedRequest>? RequestRecorded;

    /// <summary>Starts the server on 127.0.0.1 (port 0 = any free port).</summary>
    public static async Task<FakeModelServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddSingleton<IHostLifetime, NoSignalHostLifetime>();
        var app = builder.Build();
        var log = new RequestLog();
        var rules = new ReplyRuleSet();
        var shutdown = new CancellationTokenSource();
        var server = new FakeModelServer(app, log, rules, shutdown);
        var handler = new RequestHandler(log, rules, server.OnRecorded, shutdown.Token);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>
    /// Applies <paramref name="behavior"/> to model calls matching <paramref name="match"/>; with
    /// <paramref name="times"/>, only to the next N such calls (then the rule is spent and later calls fall
    /// through to older rules or <see cref="DefaultBehavior"/>). The newest matching rule wins.
    /// </summary>
    public ReplyRule When(Func<RecordedRequest, bool> match, ReplyBehavior behavior, int? times = null) =>
        _rules.Add(match, behavior, times);

    /// <summary>Like <see cref="When(Func{RecordedRequest, bool}, ReplyBehavior, int?)"/>, with the behaviour computed from
    /// each matching request (e.g. an answer that quotes a tool result).</summary>
    public ReplyRule When(Func<RecordedRequest, bool> match, Func<RecordedRequest, ReplyBehavior> respond, int? times = null) =>
        _rules.Add(match, respond, times);

    /// <summary>Rule for model calls whose last user text contains <paramref name="marker"/> (ordinal).</summary>
    public ReplyRule WhenPromptContains(string marker, ReplyBehavior behavior, int? times = null) =>
        When(r => r.LastUserText.Contains(marker, StringComparison.Ordinal), behavior, times);

    /// <summary>Refuses every request that continues a conversation whose prompt carried <paramref name="marker"/> (an
    /// earlier user turn has it), as the model API refuses a history it cannot take: <paramref name="answer"/> per
    /// request (its API: <see cref="RealErrorBodies"/>). A fresh conversation's first request is answered as usual.</summary>
    public ReplyRule RefuseContinued(string marker, Func<RecordedRequest, ReplyBehavior> answer, int? times = null) =>
        When(r => r.IsModelCall && r.EarlierUserTexts.Any(t => t.Contains(marker, StringComparison.Ordinal)), answer, times);

    /// <summary>Rule for any model call (e.g. "fail the next 2 calls": <c>WhenAny(ServerError(), times: 2)</c>).</summary>
    public ReplyRule WhenAny(ReplyBehavior behavior, int? times = null) => When(_ => true, behavior, times);

    /// <summary>Removes a rule; returns false if it was not present.</summary>
    public bool RemoveRule(ReplyRule rule) => _rules.Remove(rule);

    /// <summary>Removes all rules (the default behaviour stays).</summary>
    public void ClearRules() => _rules.Clear();

    /// <summary>
    /// Returns the first request (already recorded or arriving later) that matches <paramref name="predicate"/>.
    /// Throws <see cref="TimeoutException"/> listing the requests seen when none arrives in time.
    /// </summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _log.WaitAsync(predicate, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Connections that would not close in time are dropped by DisposeAsync below.
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private void OnRecorded(RecordedRequest request) => RequestRecorded?.Invoke(request);
}
