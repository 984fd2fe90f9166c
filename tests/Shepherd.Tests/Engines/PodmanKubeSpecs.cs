using System.Diagnostics;
using System.Text.Json;
using Shepherd.Tests.Support;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace Shepherd.Tests.Engines;

/// <summary>The pod <c>shepherd k8s --pod</c> prints, run for real with <c>podman kube play</c> (restartPolicy OnFailure, the
/// state on a named volume) from an image built with deploy/Containerfile on a local base (no registry): its main process
/// killed with SIGKILL → the pod restarts it → the conversation resumes by id → succeeded. Skipped, saying why, when podman
/// cannot run here or the shepherd under test is not the AOT binary the image needs.</summary>
public sealed class PodmanKubeSpecs
{
    private const string Base = "localhost/shepherd-base:bookworm";

    [Fact(Timeout = 600_000)]
    public async Task The_pods_main_process_killed_is_restarted_and_resumes_the_same_session_to_success()
    {
        var shepherd = Environment.GetEnvironmentVariable("SHEPHERD_TEST_BIN");
        if (string.IsNullOrEmpty(shepherd) || !File.Exists(Path.Combine(Path.GetDirectoryName(shepherd)!, "libe_sqlite3.so")))
            Assert.Skip("needs the AOT shepherd the image is built from (SHEPHERD_TEST_BIN, as test.sh sets it)");
        if (Which("podman") is null || Which("runc") is null) Assert.Skip("podman and runc are not installed (apt-get install podman runc debootstrap)");
        await using var s = new Sandbox();
        var conf = Path.Combine(s.Dir, "containers.conf");
        File.WriteAllText(conf, """
            [containers]
            default_ulimits = ["nofile=20000:20000","nproc=4096:4096"]
            [engine]
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"

            """);
        var env = new Dictionary<string, string?> { ["CONTAINERS_CONF"] = conf };
        async Task<CliResult> Podman(params string[] args) => await Processes.RunAsync(["podman", .. args], env, timeout: TimeSpan.FromMinutes(5));

        if ((await Podman("image", "exists", Base)).ExitCode != 0) await MakeBase(s, Podman);
        var id = Guid.NewGuid().ToString("N")[..8];
        var name = $"kp-{id}";
        var image = $"localhost/shepherd-test:{id}";
        var context = Directory.CreateDirectory(Path.Combine(s.Dir, "image")).FullName;
        foreach (var f in new[] { shepherd!, Path.Combine(Path.GetDirectoryName(shepherd)!, "libe_sqlite3.so") })
            File.Copy(f, Path.Combine(context, Path.GetFileName(f)));
        var build = await Podman("build", "--pull=never", "-f", Path.Combine(Repo.Root, "deploy", "Containerfile"), "--build-arg", $"BASE={Base}",
            "--build-arg", "PACKAGES=tmux", "-t", image, context);
        build.ExitCode.ShouldBe(0, build.ToString());
        try
        {
            var k8s = await s.Shepherd("k8s", name, "--agent", "codex", "--image", image, "--prompt", $"task {name}", "--pod", "--grace", "5s");
            k8s.ExitCode.ShouldBe(0, k8s.ToString());
            var yaml = Path.Combine(s.Dir, "pod.yaml");
            File.WriteAllText(yaml, WithFakeAgent(k8s.Stdout));
            // The claim becomes a podman named volume, made once: playing a claim that exists fails (docs/scale.md).
            (await Podman("volume", "create", $"state-{name}")).ExitCode.ShouldBe(0);
            var play = await Podman("kube", "play", yaml);
            play.ExitCode.ShouldBe(0, play.ToString());
            var mount = (await Podman("volume", "inspect", "--format", "{{.Mountpoint}}", $"state-{name}")).Stdout.Trim();
            s.Env["SHEPHERD_HOME"] = Path.Combine(mount, "shepherd"); // the pod's store, read from here
            var working = await s.WaitFor(name, t => t.IsRunning() && t.SessionId() is not null && Opened(mount) >= 1, TimeSpan.FromSeconds(60), "the agent at work in the pod");
            var main = int.Parse((await Podman("inspect", "--format", "{{.State.Pid}}", $"{name}-shepherd")).Stdout.Trim());
            File.ReadAllText($"/proc/{main}/cmdline").ShouldContain("shepherd\0run\0");
            Native.Kill(main, 9);
            var t = await s.WaitFinal(name, TimeSpan.FromSeconds(60));
            t.State().ShouldBe("succeeded", t.ToString());
            t.History()[0].Outcome().ShouldBe("lost");
            t.History()[^1].Kind().ShouldBe("resume");
            t.SessionId().ShouldBe(working.SessionId());
            (await Podman("logs", $"{name}-shepherd")).Stdout.ShouldContain("turn.completed");
            await s.Shepherd("status", name); // readable from outside too
        }
        finally
        {
            await Podman("pod", "rm", "-f", "-t", "2", name);
            await Podman("volume", "rm", "-f", $"state-{name}", $"{name}-prompt"); // kube play makes a volume of the ConfigMap
            await Podman("rmi", "-f", image);
        }
    }

    /// <summary>The pod as printed, its claim dropped (a named volume stands for it), with the fake agent and the .NET runtime
    /// it needs mounted from this machine: the image holds no real agent CLI in the test.</summary>
    private static string WithFakeAgent(string manifests)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(manifests));
        var docs = stream.Documents.Where(d => ((YamlScalarNode)((YamlMappingNode)d.RootNode)["kind"]).Value != "PersistentVolumeClaim").ToList();
        var pod = (YamlMappingNode)docs.Single(d => ((YamlScalarNode)((YamlMappingNode)d.RootNode)["kind"]).Value == "Pod").RootNode;
        var spec = (YamlMappingNode)pod["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)spec["containers"])[0];
        var dotnet = Path.GetDirectoryName(new FileInfo(Which("dotnet")!).ResolveLinkTarget(true)?.FullName ?? Which("dotnet")!)!;
        var fake = Path.GetDirectoryName(Repo.FakeAgentBin)!;
        foreach (var (k, v) in new[]
                 {
                     ("SHEPHERD_CODEX_BIN", "/opt/fake/fake-agent"), ("FAKE_AGENT_PLAN", "sleep:60,ok"), ("FAKE_AGENT_STATE", "/state/fake"),
                     ("DOTNET_ROOT", "/opt/dotnet"), ("DOTNET_EnableDiagnostics", "0"), ("CODEX_HOME", "/state/codex"),
                 })
            ((YamlSequenceNode)container["env"]).Add(new YamlMappingNode("name", k, "value", v));
        ((YamlSequenceNode)container["volumeMounts"]).Add(new YamlMappingNode("name", "dotnet", "mountPath", "/opt/dotnet", "readOnly", "true"));
        ((YamlSequenceNode)container["volumeMounts"]).Add(new YamlMappingNode("name", "fake", "mountPath", "/opt/fake", "readOnly", "true"));
        ((YamlSequenceNode)spec["volumes"]).Add(new YamlMappingNode("name", "dotnet", "hostPath", new YamlMappingNode("path", dotnet, "type", "Directory")));
        ((YamlSequenceNode)spec["volumes"]).Add(new YamlMappingNode("name", "fake", "hostPath", new YamlMappingNode("path", fake, "type", "Directory")));
        var writer = new StringWriter();
        new YamlStream(docs).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static int Opened(string mount)
    {
        var file = Path.Combine(mount, "fake", "lifecycle.jsonl");
        return !File.Exists(file) ? 0 : File.ReadAllLines(file).Count(l => l.Contains("\"event\":\"open\""));
    }

    /// <summary>A Debian base image made here (debootstrap, then podman import), kept in podman's storage for later runs.</summary>
    private static async Task MakeBase(Sandbox s, Func<string[], Task<CliResult>> podman)
    {
        if (Which("debootstrap") is null) Assert.Skip($"no {Base} image and no debootstrap to make one (apt-get install debootstrap)");
        var root = Path.Combine(s.Dir, "rootfs");
        var mirror = File.ReadAllLines("/etc/apt/sources.list.d/debian.sources").FirstOrDefault(l => l.StartsWith("URIs:"))?.Split(' ', 2)[1].Trim()
            ?? throw new InvalidOperationException("cannot tell which Debian mirror apt uses");
        var boot = await Processes.RunAsync(["debootstrap", "--variant=minbase", "bookworm", root, mirror], new Dictionary<string, string?>(), timeout: TimeSpan.FromMinutes(8));
        if (boot.ExitCode != 0) Assert.Skip($"debootstrap could not make a base image here: {boot.Stderr.Trim().Split('\n').LastOrDefault()}");
        var psi = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("tar -C \"$1\" -c . | podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - \"$2\"");
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add(root);
        psi.ArgumentList.Add(Base);
        psi.Environment["CONTAINERS_CONF"] = Path.Combine(s.Dir, "containers.conf");
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"podman import failed: {await err}");
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
