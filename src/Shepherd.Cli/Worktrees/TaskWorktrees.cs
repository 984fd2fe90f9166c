using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Cli.Worktrees;

/// <summary><c>start --worktree</c> and <c>rm</c>: each task in its own git worktree on branch <c>shepherd/&lt;task&gt;</c>,
/// made from the project directory's HEAD under <c>$SHEPHERD_HOME/worktrees/&lt;task&gt;</c>. The task's project
/// directory is inside the worktree, so every attempt and every resume runs there.</summary>
internal sealed class TaskWorktrees(Git git)
{
    /// <summary>What start will create, checked before anything is: <paramref name="projectDir"/> is in a repository
    /// with a commit, and neither the branch nor the worktree directory exists yet.</summary>
    public sealed record Plan(string Origin, string Branch, string Path, string ProjectDir);

    public static string PathFor(ShepherdHome home, string task) => System.IO.Path.Combine(home.Root, "worktrees", task);

    public Plan Prepare(ShepherdHome home, string projectDir, string task)
    {
        var top = git.Run(projectDir, "rev-parse", "--show-toplevel");
        if (!top.Ok) throw new UsageException($"--worktree needs a git repository: {Printable.Escape(projectDir)} is not in one");
        var origin = top.Stdout.Trim();
        if (!git.Run(origin, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").Ok)
            throw new UsageException($"--worktree needs a commit to start from: {Printable.Escape(origin)} has none yet");
        var branch = $"shepherd/{task}";
        if (git.Run(origin, "show-ref", "--verify", "--quiet", $"refs/heads/{branch}").Ok)
            throw new UsageException($"branch {branch} already exists in {Printable.Escape(origin)}: delete it " +
                                     $"(git -C {Printable.Escape(origin)} branch -D {branch}) or choose another task name");
        var path = PathFor(home, task);
        if (Directory.Exists(path) || File.Exists(path))
            throw new UsageException($"{Printable.Escape(path)} already exists: remove it (git worktree prune) or choose another task name");
        var relative = System.IO.Path.GetRelativePath(origin, projectDir);
        var inside = relative == "." || relative.StartsWith("..") ? path : System.IO.Path.Combine(path, relative);
        return new Plan(origin, branch, path, inside);
    }

    public void Create(ShepherdHome home, Plan plan)
    {
        ShepherdHome.CreatePrivateDir(System.IO.Path.GetDirectoryName(plan.Path)!);
        var r = git.Run(plan.Origin, "worktree", "add", "-b", plan.Branch, plan.Path, "HEAD");
        if (!r.Ok) throw new OperationFailedException($"git worktree add failed: {Printable.Escape(r.Error)}");
    }

    /// <summary>Uncommitted changes (or untracked files) in the task's worktree, which rm would lose.</summary>
    public bool HasUncommittedWork(string path) =>
        Directory.Exists(path) && git.Run(path, "status", "--porcelain") is { Ok: true } r && r.Stdout.Trim().Length > 0;

    /// <summary>Removes the worktree; the branch stays (it holds the agent's commits) unless <paramref name="deleteBranch"/>.</summary>
    public List<string> Remove(string path, TaskWorktree worktree, bool deleteBranch)
    {
        var notes = new List<string>();
        if (Directory.Exists(worktree.Origin))
        {
            var r = git.Run(worktree.Origin, "worktree", "remove", "--force", path);
            if (!r.Ok && Directory.Exists(path)) notes.Add($"git worktree remove failed ({Printable.Escape(r.Error)}); deleting {Printable.Escape(path)}");
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            git.Run(worktree.Origin, "worktree", "prune");
            if (deleteBranch)
            {
                var b = git.Run(worktree.Origin, "branch", "-D", worktree.Branch);
                notes.Add(b.Ok ? $"deleted branch {worktree.Branch}" : $"could not delete branch {worktree.Branch}: {Printable.Escape(b.Error)}");
            }
            else notes.Add($"kept branch {worktree.Branch} in {Printable.Escape(worktree.Origin)}");
        }
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        return notes;
    }
}
