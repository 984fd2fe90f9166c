using System.Net;
using System.Text;

namespace Shepherd.Browser;

/// <summary>The token guards everything; changes come only from the page itself; model text stays text.</summary>
public sealed class SecuritySpecs
{
    [Fact]
    public async Task Without_the_token_nothing_about_the_tasks_leaks()
    {
        await using var s = new Sandbox();
        await s.Start("secret-task", "print:2");
        await s.WaitFinal("secret-task");
        await using var web = await Dashboard.StartAsync(s);
        web.Url.ShouldMatch(@"^http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{32}$");
        using var http = web.Stranger();
        foreach (var path in new[] { "/", "/task/secret-task", "/api/tasks", "/api/tasks/secret-task", "/api/events", "/api/tasks/secret-task/events", "/assets/app.js" })
        {
            using var r = await http.GetAsync(path);
            r.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
            (await r.Content.ReadAsStringAsync()).ShouldNotContain("secret-task", customMessage: path);
        }
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/tasks"))
        {
            wrong.Headers.Add("Cookie", $"{"shepherd_web"}=not-the-token");
            (await http.SendAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        // Guessing is rate-limited: after ten wrong tokens (the cookie above was one) even the right one waits.
        for (var i = 0; i < 9; i++) (await http.GetAsync("/?token=guess" + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.GetAsync("/?token=" + web.Token)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        using (var holder = new HttpRequestMessage(HttpMethod.Get, "/api/tasks")) // a page that has the cookie goes on
        {
            holder.Headers.Add("Cookie", $"shepherd_web={web.Token}");
            using var r = await http.SendAsync(holder);
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await r.Content.ReadAsStringAsync()).ShouldContain("secret-task");
        }
    }

    [Fact]
    public async Task A_change_from_another_origin_or_without_the_header_is_refused()
    {
        await using var s = new Sandbox();
        await s.Start("victim", "sleep:120");
        await s.WaitAtWork("victim");
        await using var web = await Dashboard.StartAsync(s);
        using var http = web.Stranger();
        HttpRequestMessage Post(string path, string? origin, bool header)
        {
            var m = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            m.Headers.Add("Cookie", $"shepherd_web={web.Token}");
            if (header) m.Headers.Add("X-Shepherd-Token", web.Token);
            if (origin is not null) m.Headers.Add("Origin", origin);
            return m;
        }
        (await http.SendAsync(Post("/api/tasks/victim/stop", "http://evil.example", header: true))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await http.SendAsync(Post("/api/tasks/victim/stop", web.Base, header: false))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var get = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/victim/stop"))
        {
            get.Headers.Add("Cookie", $"shepherd_web={web.Token}");
            ((int)(await http.SendAsync(get)).StatusCode).ShouldBe(405); // a link or an <img> cannot stop a task
        }

        // A page on another origin, in the same browser that holds the cookie, tries it too.
        var page = await web.OpenAsync();
        await page.WaitForSelectorAsync("tr[data-task='victim']");
        var other = web.Base.Replace("127.0.0.1", "localhost"); // another origin (and site) on the same server
        var evil = await web.Browser.NewPageAsync();
        await evil.GoToAsync(other + "/assets/none"); // any page of that origin (a 401)
        var status = await evil.EvaluateExpressionAsync<int>(
            $"fetch('{web.Base}/api/tasks/victim/stop', {{ method: 'POST', credentials: 'include', mode: 'no-cors', body: '{{}}' }}).then(() => 0, () => -1)");
        status.ShouldBeOneOf(0, -1);
        (await s.Status("victim")).State().ShouldBe("running");

        (await http.SendAsync(Post("/api/tasks/victim/stop", web.Base, header: true))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await s.WaitFinal("victim");
    }

    [Fact]
    public async Task Html_in_the_model_output_shows_as_text_and_never_runs()
    {
        await using var s = new Sandbox();
        // No comma or colon in it: it is a step of the fake agent's plan, which says it and works on.
        const string attack = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script><b>bold?</b>";
        await s.Start("xss", "said:" + attack);
        await s.WaitAtWork("xss");
        await using var web = await Dashboard.StartAsync(s);

        var list = await web.OpenAsync();
        await list.WaitForSelectorAsync("tr[data-task='xss'] td.last:not(:empty)");
        (await list.EvaluateExpressionAsync<string>("document.querySelector(\"tr[data-task='xss'] td.last\").textContent")).ShouldContain("<img src=x onerror=");
        (await list.EvaluateExpressionAsync<int>("document.querySelectorAll('#app img, #app script, #app b').length")).ShouldBe(0);

        var task = await web.OpenAsync("/task/xss");
        await task.WaitForFunctionAsync("() => (window.shepherdOutput || '').includes('<script>window.__pwned=2</script>')");
        (await task.EvaluateExpressionAsync<string>("window.shepherdScreen()")).ShouldContain("<img src=x onerror=");
        (await task.EvaluateExpressionAsync<int>("document.querySelectorAll('#app img, #app script, #app b').length")).ShouldBe(0);
        (await task.EvaluateExpressionAsync<bool>("window.__pwned === undefined")).ShouldBeTrue();
        (await list.EvaluateExpressionAsync<bool>("window.__pwned === undefined")).ShouldBeTrue();
    }
}
