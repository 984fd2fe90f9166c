using System.Diagnostics;
using PuppeteerSharp;

namespace Shepherd.Browser;

/// <summary><c>shepherd web --port 0</c> in a sandbox (its environment plus <paramref name="extraEnv"/>: a task started
/// from the page captures the server's), the URL it printed first, and a headless chromium to open it. Disposing
/// closes the browser and kills the server, both started here (by their Process objects, never by name).</summary>
public sealed class Dashboard : IAsyncDisposable
{
    private readonly Process _server;
    private readonly List<string> _stderr = [];

    private Dashboard(Process server, string url, IBrowser browser)
    {
        _server = server;
        Url = url;
        Browser = browser;
    }

    /// <summary>The printed URL, token and all.</summary>
    public string Url { get; }
    public string Base => Url[..Url.IndexOf("/?", StringComparison.Ordinal)];
    public string Token => Url[(Url.IndexOf("token=", StringComparison.Ordinal) + 6)..];
    public IBrowser Browser { get; }

    public static string Chromium => Environment.GetEnvironmentVariable("SHEPHERD_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    public static async Task<Dashboard> StartAsync(Sandbox s, IReadOnlyDictionary<string, string?>? extraEnv = null)
    {
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        var psi = new ProcessStartInfo(Repo.ShepherdBin) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = s.Project };
        foreach (var a in new[] { "web", "--port", "0" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in s.Env.Concat(extraEnv ?? new Dictionary<string, string?>()))
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var server = Process.Start(psi)!;
        string? first;
        try
        {
            first = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            server.Kill();
            throw new TimeoutException("shepherd web printed no URL within 30 s");
        }
        if (first is null) throw new InvalidOperationException($"shepherd web exited: {await server.StandardError.ReadToEndAsync()}");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            // As root (CI) chromium needs --no-sandbox; /dev/shm may be small in a container.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check"],
        });
        var d = new Dashboard(server, first, browser);
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (d._stderr) d._stderr.Add(e.Data); };
        server.BeginErrorReadLine();
        return d;
    }

    public async Task<IPage> OpenAsync(string? path = null, int width = 1280, int height = 860)
    {
        var page = await Browser.NewPageAsync();
        page.DefaultTimeout = 30_000;
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        await page.GoToAsync(Url); // the token becomes the cookie, and the page is loaded without it in the URL
        if (path is not null) await page.GoToAsync(Base + path);
        return page;
    }

    /// <summary>A client with no cookie and no token, as anyone else on the machine.</summary>
    public HttpClient Stranger() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(Base) };

    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    public async ValueTask DisposeAsync()
    {
        try { await Browser.CloseAsync(); } catch (Exception) { /* it may be gone already */ }
        await Browser.DisposeAsync();
        try { if (!_server.HasExited) _server.Kill(); await _server.WaitForExitAsync(); } catch (InvalidOperationException) { }
        _server.Dispose();
    }
}
