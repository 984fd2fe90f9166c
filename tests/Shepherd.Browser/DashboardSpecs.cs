using PuppeteerSharp;

namespace Shepherd.Browser;

/// <summary>What a person sees and does in <c>shepherd web</c>, in a real chromium: the tasks and their states, live;
/// a task's output, attempts and actions; the start form. The screenshots in docs/ come from here.</summary>
public sealed class DashboardSpecs
{
    private static string Row(string task, string state) => $"tr[data-task='{task}'] .state[data-state='{state}']";

    [Fact]
    public async Task The_list_shows_every_task_and_its_state_and_a_task_started_later_appears_without_a_reload()
    {
        await using var s = new Sandbox();
        await s.Start("fix-login", "apierror,print:6");
        await s.Start("refactor-db", "sleep:120");
        await s.WaitFinal("fix-login");
        await s.WaitAtWork("refactor-db");
        await using var web = await Dashboard.StartAsync(s);
        var page = await web.OpenAsync();
        (await page.EvaluateExpressionAsync<string>("location.href")).ShouldNotContain("token="); // it became the cookie

        await page.WaitForSelectorAsync(Row("fix-login", "succeeded"));
        await page.WaitForSelectorAsync(Row("refactor-db", "running"));
        (await Text(page, "tr[data-task='fix-login'] td[data-label='attempts']")).ShouldBe("2");
        (await Text(page, "tr[data-task='fix-login'] td.last")).ShouldStartWith("done: "); // the agent's last message
        (await Text(page, "tr[data-task='fix-login'] td[data-label='usage']")).ShouldMatch(@"^[\d.]+k? tokens$"); // as list says it ("1.1k tokens")

        await page.EvaluateExpressionAsync("window.__samePage = 1");
        await s.Start("add-tests", "sleep:120");
        await page.WaitForSelectorAsync("tr[data-task='add-tests']");
        (await page.EvaluateExpressionAsync<int>("window.__samePage")).ShouldBe(1); // no reload

        await s.WaitAtWork("add-tests");
        await page.WaitForSelectorAsync(Row("add-tests", "running"));
        await page.SelectAsync("#filter-state", "succeeded");
        (await page.QuerySelectorAllAsync("#tasks tr")).Length.ShouldBe(1);
        await page.SelectAsync("#filter-state", "");
        await page.TypeAsync("#filter-name", "db");
        (await page.QuerySelectorAllAsync("#tasks tr")).Length.ShouldBe(1);
        await page.EvaluateExpressionAsync("document.querySelector('#filter-name').value = ''; document.querySelector('#filter-name').dispatchEvent(new Event('input'))");
        await page.WaitForSelectorAsync("tr[data-task='add-tests'] td.last:not(:empty)");
        await page.ScreenshotAsync(Path.Combine(Repo.Root, "docs", "web-list.png"));

        // A narrow screen gets cards: the table's header is hidden, each task a block.
        await page.SetViewportAsync(new ViewPortOptions { Width = 400, Height = 800 });
        (await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('table.tasks thead')).display")).ShouldBe("none");
        (await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector('#tasks tr')).display")).ShouldBe("block");
    }

    [Fact]
    public async Task A_task_page_shows_the_output_and_attempts_and_sends_a_follow_up_that_reaches_the_agent()
    {
        await using var s = new Sandbox();
        await s.Start("fix-login", "apierror,print:6,ok");
        await s.WaitFinal("fix-login");
        await using var web = await Dashboard.StartAsync(s, new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = "apierror,print:6,ok", ["FAKE_AGENT_STATE"] = s.FakeState("fix-login") });
        var page = await web.OpenAsync("/task/fix-login");
        await page.WaitForSelectorAsync(".title .state[data-state='succeeded']");
        await page.WaitForFunctionAsync("() => (window.shepherdOutput || '').includes('line 5')");
        (await page.QuerySelectorAllAsync("#attempts li")).Length.ShouldBe(2);
        (await Text(page, "#attempts")).ShouldContain("500 Internal Server Error");
        (await page.EvaluateExpressionAsync<string>("window.shepherdScreen()")).ShouldContain("line 5"); // in xterm.js's buffer
        await page.ScreenshotAsync(Path.Combine(Repo.Root, "docs", "web-task.png"), new ScreenshotOptions { FullPage = true });

        await page.TypeAsync("#follow-up", "now also add a test for the login form");
        await page.ClickAsync("#resume");
        await Sandbox.Until(() => s.Calls("fix-login").Count >= 3, TimeSpan.FromSeconds(30), "the follow-up's launch");
        await s.WaitFor("fix-login", t => t.State() == "succeeded" && t.Attempts() == 3, what: "the follow-up's turn to end");
        File.ReadAllText(Path.Combine(s.FakeState("fix-login"), "prompt-3")).ShouldContain("now also add a test for the login form");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#attempts li').length === 3");
    }

    [Fact]
    public async Task Stop_remove_and_the_start_form_go_through_the_cli()
    {
        await using var s = new Sandbox();
        await s.Start("long-job", "sleep:120");
        await s.WaitAtWork("long-job");
        await using var web = await Dashboard.StartAsync(s, new Dictionary<string, string?> { ["FAKE_AGENT_PLAN"] = "print:3", ["FAKE_AGENT_STATE"] = s.FakeState("from-form") });
        var page = await web.OpenAsync("/task/long-job");
        await page.WaitForSelectorAsync(".title .state[data-state='running']");
        await page.ClickAsync("#stop");
        await page.WaitForSelectorAsync(".title .state[data-state='stopped']");
        (await s.Status("long-job")).State().ShouldBe("stopped");

        await page.TypeAsync("#rm-confirm", "long-jo"); // not the name: refused
        await page.ClickAsync("#rm");
        await page.WaitForFunctionAsync("() => document.querySelector('#action-status').textContent.includes('type the task')");
        (await s.Shepherd("status", "long-job")).ExitCode.ShouldBe(0);
        await page.TypeAsync("#rm-confirm", "b");
        await page.ClickAsync("#rm");
        await page.WaitForFunctionAsync("() => location.pathname === '/'");
        (await s.Shepherd("status", "long-job")).ExitCode.ShouldNotBe(0);

        await page.WaitForSelectorAsync("#new-task");
        await page.ClickAsync("#new-task");
        await page.TypeAsync("#start-name", "from-form");
        await page.WaitForSelectorAsync("#start-agent option[value='claude']");
        await page.SelectAsync("#start-agent", "claude");
        await page.TypeAsync("#start-dir", s.Project);
        await page.TypeAsync("#start-prompt", "write the changelog");
        await page.ClickAsync("#start-submit");
        await page.WaitForSelectorAsync(Row("from-form", "succeeded"));
        var t = await s.WaitFinal("from-form");
        t.GetProperty("agent").GetString().ShouldBe("claude");
        File.ReadAllText(Path.Combine(s.FakeState("from-form"), "prompt-1")).ShouldBe("write the changelog");

        await page.TypeAsync("#start-name", "Bad Name");
        await page.TypeAsync("#start-dir", s.Project);
        await page.TypeAsync("#start-prompt", "x");
        await page.ClickAsync("#start-submit");
        await page.WaitForFunctionAsync("() => document.querySelector('#start-status').textContent.includes('name')");
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector(\"{selector}\").textContent");
}
