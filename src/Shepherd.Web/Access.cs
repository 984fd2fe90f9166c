using System.Security.Cryptography;
using System.Text;

namespace Shepherd.Web;

/// <summary>Who may see and steer the tasks: whoever has the token printed at start-up. The URL's <c>?token=</c> is
/// traded for an HttpOnly, SameSite=Strict cookie (and the address bar loses it); every other request needs that
/// cookie, or answers 401 with no task data. A request that changes something must also be a POST that carries the
/// token in a header (a page cannot read the cookie, another site cannot read our page) and, when the browser names
/// the Origin, comes from this one. Wrong tokens are rate-limited per client address.</summary>
public sealed class Access(TimeProvider clock)
{
    public const string Cookie = "shepherd_web";
    public const string Header = "X-Shepherd-Token";
    private const int FailuresAllowed = 10;
    private static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = [];

    public string Token { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Token));

    public async Task Handle(HttpContext c, RequestDelegate next)
    {
        var headers = c.Response.Headers;
        headers["Content-Security-Policy"] =
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cache-Control"] = "no-store";
        var client = c.Connection.RemoteIpAddress?.ToString() ?? "?";
        var query = c.Request.Query["token"].ToString();
        var cookie = c.Request.Cookies[Cookie];
        // A page that already holds the cookie is never locked out by someone guessing from the same address.
        if ((query.Length > 0 || !Matches(cookie)) && Limited(client))
        {
            await Refuse(c, 429, "too many wrong tokens: wait a minute");
            return;
        }
        if (query.Length > 0)
        {
            if (!Matches(query)) { Failed(client); await Refuse(c, 401, "wrong token: open the URL `shepherd web` printed"); return; }
            c.Response.Cookies.Append(Cookie, Token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            c.Response.Redirect(c.Request.Path.HasValue ? c.Request.PathBase + c.Request.Path : "/"); // the token leaves the address bar
            return;
        }
        if (!Matches(cookie))
        {
            if (cookie is not null) Failed(client);
            await Refuse(c, 401, "open the URL `shepherd web` printed (it carries the token)");
            return;
        }
        if (!HttpMethods.IsGet(c.Request.Method) && !HttpMethods.IsHead(c.Request.Method))
        {
            if (!HttpMethods.IsPost(c.Request.Method)) { await Refuse(c, 405, "only GET and POST"); return; }
            if (!Matches(c.Request.Headers[Header].ToString())) { Failed(client); await Refuse(c, 403, $"a change needs the {Header} header"); return; }
            if (!SameOrigin(c)) { await Refuse(c, 403, "refused: the request comes from another site"); return; }
        }
        await next(c);
    }

    /// <summary>The browser's Origin (or, without one, Sec-Fetch-Site) says the request comes from this server's pages.</summary>
    private static bool SameOrigin(HttpContext c)
    {
        var origin = c.Request.Headers.Origin.ToString();
        if (origin.Length > 0) return origin == $"{c.Request.Scheme}://{c.Request.Host}";
        var site = c.Request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none";
    }

    private static Task Refuse(HttpContext c, int status, string message)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = "text/plain; charset=utf-8";
        return c.Response.WriteAsync(message + "\n");
    }

    private bool Limited(string client)
    {
        lock (_failures)
        {
            if (!_failures.TryGetValue(client, out var q)) return false;
            var now = clock.GetUtcNow();
            while (q.Count > 0 && now - q.Peek() > FailureWindow) q.Dequeue();
            if (q.Count == 0) _failures.Remove(client);
            return q.Count >= FailuresAllowed;
        }
    }

    private void Failed(string client)
    {
        lock (_failures)
        {
            if (!_failures.TryGetValue(client, out var q)) _failures[client] = q = new Queue<DateTimeOffset>();
            q.Enqueue(clock.GetUtcNow());
        }
    }
}
