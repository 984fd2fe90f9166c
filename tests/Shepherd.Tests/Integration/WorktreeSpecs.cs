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

    // An rm killed after it had deleted the task's row, while it deleted the task's files, left the worktree for good:
    // the row that named it was gone, and an rm issued again cleared only the files.
    [Fact(Timeout = 120_000)]
    public async Task An_rm_killed_after_deleting_the_task_and_issued_again_leaves_no_worktree()
    {
        await using var s = new Sandbox();
        await Repository(s);
        await s.Start("cut", "ok", "codex", "--worktree");
        await s.WaitFinal("cut");
        await s.FinishedUp("cut");
        var worktree = Path.Combine(s.Home, "worktrees", "cut");
        var taskDir = Path.Combine(s.Home, "tasks", "cut");
        var bulk = Directory.CreateDirectory(Path.Combine(taskDir, "many")).FullName;
        for (var i = 0; i < 20_000; i++) File.WriteAllBytes(Path.Combine(bulk, i.ToString()), []); // deleting them takes a while
        using var rm = Launch(s, "rm", "cut");
        await Sandbox.Until(() => !Directory.Exists(taskDir) || rm.HasExited, TimeSpan.FromSeconds(60), "rm to delete the task");
        rm.Kill(); // the row is gone, the files are being deleted
        await rm.WaitForExitAsync();
        Directory.EnumerateDirectories(Path.Combine(s.Home, "tasks"), ".removed-*").ShouldNotBeEmpty("the killed rm left nothing: the test no longer interrupts it");
        var again = await s.Shepherd("rm", "cut");
        again.ExitCode.ShouldBe(0, again.ToString());
        Directory.Exists(worktree).ShouldBeFalse();
        (await Git(s.Project, "worktree", "list")).ShouldNotContain(worktree);
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
    }

    // The worktree goes before the row: an rm killed while git removes it leaves the task listed, and an rm issued again
    // finishes the removal (the first rm checked for uncommitted work; what a half-removed worktree shows is not work).
    [Fact(Timeout = 120_000)]
    public async Task An_rm_killed_while_removing_the_worktree_is_finished_by_an_rm_issued_again()
    {
        await using var s = new Sandbox();
        await Repository(s, ignore: "many/");
        await s.Start("cut", "ok", "codex", "--worktree");
        await s.WaitFinal("cut");
        await s.FinishedUp("cut");
        var worktree = Path.Combine(s.Home, "worktrees", "cut");
        var bulk = Directory.CreateDirectory(Path.Combine(worktree, "many")).FullName;
        for (var i = 0; i < 20_000; i++) File.WriteAllBytes(Path.Combine(bulk, i.ToString()), []); // ignored: no uncommitted work
        using var rm = Launch(s, "rm", "cut");
        int? git = null;
        await Sandbox.Until(() => (git = GitRemoving(worktree)) is not null || rm.HasExited, TimeSpan.FromSeconds(60), "rm to run git worktree remove");
        Native.Kill(rm.Id); // as Ctrl-C ends the terminal's foreground group: rm and its git
        if (git is { } pid) Native.Kill(pid);
        await rm.WaitForExitAsync();
        Directory.Exists(worktree).ShouldBeTrue("git removed the worktree before it was killed: the test no longer interrupts it");
        var again = await s.Shepherd("rm", "cut");
        again.ExitCode.ShouldBe(0, again.ToString());
        Directory.Exists(worktree).ShouldBeFalse();
        (await Git(s.Project, "worktree", "list")).ShouldNotContain(worktree);
        (await s.Shepherd("list", "--json")).Stdout.Trim().ShouldBe("[]");
        Directory.EnumerateFileSystemEntries(Path.Combine(s.Home, "tasks")).ShouldBeEmpty();
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

    private static async Task Repository(Sandbox s, string? ignore = null)
    {
        File.WriteAllText(Path.Combine(s.Project, "README"), "hello\n");
        if (ignore is not null) File.WriteAllText(Path.Combine(s.Project, ".gitignore"), ignore + "\n");
        await Git(s.Project, "init", "-q", "-b", "main");
        await Git(s.Project, "add", ".");
        await Git(s.Project, "commit", "-qm", "first");
    }

    private static System.Diagnostics.Process Launch(Sandbox s, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Repo.ShepherdBin) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in s.Env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        return System.Diagnostics.Process.Start(psi)!;
    }

    /// <summary>The pid of a <c>git worktree remove</c> of <paramref name="worktree"/> running now, if any.</summary>
    private static int? GitRemoving(string worktree)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (cmdline.Contains($"\0worktree\0remove\0--force\0{worktree}\0")) return pid;
        }
        return null;
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
