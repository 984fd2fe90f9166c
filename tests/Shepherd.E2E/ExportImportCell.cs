using Shepherd.Tests.Support;

namespace Shepherd.E2E;

/// <summary>Issue 19 (e): a task exported from one SHEPHERD_HOME and agent home (its own user, its own model server) and
/// imported into another resumes by the same id, and the second server sees the first conversation's turns.</summary>
public abstract class ExportImportCell(string agent)
{
    /// <summary>OpenCode's export and import each start its whole binary and open its database: 13–17 s here when idle,
    /// over a minute on a loaded 2-core machine.</summary>
    private static readonly TimeSpan SlowCommand = TimeSpan.FromSeconds(200);

    [Fact]
    public async Task E_export_then_import_into_another_home_resumes_by_id_with_history()
    {
        await using var a = await AgentWorld.CreateAsync(agent, "ea");
        await using var b = await AgentWorld.CreateAsync(agent, "eb");
        await a.Start("t");
        var done = await a.WaitFinal("t");
        done.State().ShouldBe("succeeded", await a.Describe("t"));
        var id = done.SessionId().ShouldNotBeNull();

        var archive = Path.Combine(a.S.Dir, "t.tgz");
        var export = await Processes.RunAsync([Repo.ShepherdBin, "export", "t", archive], a.S.Env, timeout: SlowCommand);
        export.ExitCode.ShouldBe(0, export.ToString());
        b.Adopt("t");
        var import = await Processes.RunAsync([Repo.ShepherdBin, "import", archive, "--dir", b.S.Project], b.S.Env, timeout: SlowCommand);
        import.ExitCode.ShouldBe(0, import.ToString());
        var imported = await b.S.Status("t");
        var newId = imported.SessionId().ShouldNotBeNull(import.ToString());
        if (agent != "pi") newId.ShouldBe(id);

        var resume = await b.S.Shepherd("resume", "t");
        resume.ExitCode.ShouldBe(0, resume.ToString());
        var t = await b.S.WaitFor("t", x => x.Attempts() == 2 && x.State() is "succeeded" or "failed" or "stopped", TimeSpan.FromSeconds(120), "the resumed attempt");
        var why = await b.Describe("t") + "\nimport: " + import;
        t.State().ShouldBe("succeeded", why);
        var second = t.History()[1];
        second.Kind().ShouldBe("resume", why);
        second.GetProperty("agentSessionId").GetString().ShouldBe(newId, why);
        t.SessionId().ShouldBe(newId, why);
        var resumed = await b.Server.WaitForRequestAsync(r => AgentWorld.IsContinue(r) && r.EarlierUserTexts.Any(x => x.Contains(a.Marker, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
        resumed.EarlierUserTexts.ShouldContain(x => x.Contains(a.Prompt()), why);
        if (agent == "codex") AgentMatrix.KeepsWorkspaceWrite(resumed, why);
    }
}

public sealed class CodexExportImport() : ExportImportCell("codex");
public sealed class ClaudeExportImport() : ExportImportCell("claude");
public sealed class OpenCodeExportImport() : ExportImportCell("opencode");
public sealed class PiExportImport() : ExportImportCell("pi");
public sealed class GeminiExportImport() : ExportImportCell("gemini");
public sealed class QwenExportImport() : ExportImportCell("qwen");
public sealed class CopilotExportImport() : ExportImportCell("copilot");
