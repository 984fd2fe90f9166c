using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary><c>start --worktree</c>, with real git: the task runs (and resumes) in its own worktree on branch
/// shepherd/&lt;task&gt; under $SHEPHERD_HOME/worktrees; rm removes the worktree and keeps the branch.</summary>
public sealed class WorktreeSpecs
{
    [Fact(Timeout = 90_000)]
    public async Task A_worktree_task_runs_and_resumes_in_its_own_worktree_on_its_own_branch()
    {
        await using var s = new Sandbox();
        await Repository(s);
        var r = await s.Start("feature", "exit:1,ok", "codex", "--worktree");
        var worktree = Path.Combine(s.Home, "worktrees", "feature");
        r.Stdout.ShouldContain($"worktree {worktree} on branch shepherd/feature");
        var t = await s.WaitFinal("feature");
        t.State().ShouldBe("succeeded");
        t.GetProperty("projectDir").GetString().ShouldBe(worktree);
        var w = t.GetProperty("worktree");
        w.GetProperty("path").GetString().ShouldBe(worktree);
        w.GetProperty("branch").GetString().ShouldBe("shepherd/feature");
        w.GetProperty("origin").GetString().ShouldBe(s.Project);
        var calls = s.Calls("feature");
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.GetProperty("cwd").GetString() == worktree); // the first run and the resume
        calls[1].GetProperty("resume").GetBoolean().ShouldBeTrue();
        File.ReadAllText(Path.Combine(worktree, "README")).ShouldBe("hello\n");
        (await Git(s.Project, "rev-parse", "shepherd/feature")).ShouldBe(await Git(s.Project, "rev-parse", "HEAD"));
        (await Git(worktree, "branch", "--show-current")).ShouldBe("shepherd/feature");
        var status = await s.Shepherd("status", "feature");
        status.Stdout.ShouldContain($"worktree  {worktree}   branch shepherd/feature of {s.Project}");
    }

    [Fact(Timeout = 90_000)]
    public async Task Rm_removes_the_worktree_and_keeps_the_branch_unless_asked_to_delete_it()
    {
        await using var s = new Sandbox();
        await Repository(s);
        await s.Start("kept", "ok", "codex", "--worktree");
        await s.Start("gone", "ok", "codex", "--worktree");
        await s.WaitFinal("kept");
        await s.WaitFinal("gone");
        var kept = await s.Shepherd("rm", "kept");
        kept.ExitCode.ShouldBe(0, kept.ToString());
        kept.Stdout.ShouldContain($"kept branch shepherd/kept in {s.Project}");
        Directory.Exists(Path.Combine(s.Home, "worktrees", "kept")).ShouldBeFalse();
        (await Git(s.Project, "branch", "--list", "shepherd/kept")).ShouldContain("shepherd/kept");
        (await Git(s.Project, "worktree", "list")).ShouldNotContain("kept");
        var gone = await s.Shepherd("rm", "gone", "--delete-branch");
        gone.ExitCode.ShouldBe(0, gone.ToString());
        gone.Stdout.ShouldContain("deleted branch shepherd/gone");
        (await Git(s.Project, "branch", "--list", "shepherd/gone")).ShouldBeEmpty();
    }

    [Fact(Timeout = 90_000)]
    public async Task Rm_refuses_to_lose_uncommitted_work_in_the_worktree_unless_forced()
    {
        await using var s = new Sandbox();
        await Repository(s);
        await s.Start("dirty", "ok", "codex", "--worktree");
        await s.WaitFinal("dirty");
        var worktree = Path.Combine(s.Home, "worktrees", "dirty");
        File.WriteAllText(Path.Combine(worktree, "work.txt"), "the agent's unfinished work");
        var refused = await s.Shepherd("rm", "dirty");
        refused.ExitCode.ShouldBe(2, refused.ToString());
        refused.Stderr.Trim().ShouldBe($"shepherd: {worktree} has uncommitted changes: commit them on shepherd/dirty, or rm --force to discard them");
        File.Exists(Path.Combine(worktree, "work.txt")).ShouldBeTrue();
        (await s.Status("dirty")).State().ShouldBe("succeeded");
        (await s.Shepherd("rm", "dirty", "--force")).ExitCode.ShouldBe(0);
        Directory.Exists(worktree).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_directory_outside_git_or_a_branch_that_exists_is_refused_with_exit_2_and_nothing_created()
    {
        await using var s = new Sandbox();
        var notRepo = await s.StartRaw("t1", "ok", "codex", "--worktree");
        notRepo.ExitCode.ShouldBe(2, notRepo.ToString());
        notRepo.Stderr.Trim().ShouldBe($"shepherd: --worktree needs a git repository: {s.Project} is not in one");
        await Repository(s);
        await Git(s.Project, "branch", "shepherd/t1");
        var taken = await s.StartRaw("t1", "ok", "codex", "--worktree");
        taken.ExitCode.ShouldBe(2, taken.ToString());
        taken.Stderr.Trim().ShouldBe($"shepherd: branch shepherd/t1 already exists in {s.Project}: delete it " +
                                     $"(git -C {s.Project} branch -D shepherd/t1) or choose another task name");
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
        Directory.Exists(Path.Combine(s.Home, "worktrees", "t1")).ShouldBeFalse();
        (await Git(s.Project, "worktree", "list")).Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_subdirectory_of_the_repository_runs_in_the_same_subdirectory_of_the_worktree()
    {
        await using var s = new Sandbox();
        await Repository(s);
        var sub = Directory.CreateDirectory(Path.Combine(s.Project, "pkg", "api")).FullName;
        File.WriteAllText(Path.Combine(sub, "main.go"), "package api\n");
        await Git(s.Project, "add", ".");
        await Git(s.Project, "commit", "-qm", "api");
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["FAKE_AGENT_STATE"] = s.FakeState("sub") }, null,
            "start", "sub", "--agent", "codex", "--dir", sub, "--prompt", "x", "--worktree");
        r.ExitCode.ShouldBe(0, r.ToString());
        await s.WaitFinal("sub");
        s.Calls("sub").Single().GetProperty("cwd").GetString().ShouldBe(Path.Combine(s.Home, "worktrees", "sub", "pkg", "api"));
    }

    private static async Task Repository(Sandbox s)
    {
        File.WriteAllText(Path.Combine(s.Project, "README"), "hello\n");
        await Git(s.Project, "init", "-q", "-b", "main");
        await Git(s.Project, "add", ".");
        await Git(s.Project, "commit", "-qm", "first");
    }

    private static async Task<string> Git(string dir, params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.invalid", ["GIT_COMMITTER_NAME"] = "t",
            ["GIT_COMMITTER_EMAIL"] = "t@example.invalid", ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        };
        var r = await Processes.RunAsync(["git", "-C", dir, .. args], env);
        if (r.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {r}");
        return r.Stdout.Trim();
    }
}
