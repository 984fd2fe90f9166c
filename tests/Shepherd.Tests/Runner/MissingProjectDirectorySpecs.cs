using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Runner;

/// <summary>Found by the chaos scenario "hostile names and paths" (issue 10): a project directory deleted under a
/// running task made the resume fail with "cannot start …/codex: No such file or directory", which sends the user looking
/// for a missing agent binary. posix_spawn's ENOENT does not say which path is missing; the reason now names the directory.</summary>
public sealed class MissingProjectDirectorySpecs
{
    [Fact(Timeout = 60_000)]
    public async Task A_task_whose_project_directory_is_gone_fails_naming_the_directory_not_the_agent()
    {
        using var w = new RunnerWorld();
        var task = w.NewTask("nodir", "ok", RestartPolicy.Default);
        Directory.Delete(w.Project);
        (await w.RunAsync(task)).ShouldBe(0);
        var t = w.Store.GetTask(task.Id)!;
        t.State.ShouldBe(TaskState.Failed);
        t.Reason!.ShouldContain($"working directory {w.Project} does not exist");
    }
}
