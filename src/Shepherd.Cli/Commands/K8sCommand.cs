using System.CommandLine;
using System.Text.RegularExpressions;
using Shepherd.Agents;
using Shepherd.Cli.Kubernetes;
using Shepherd.Notify;
using Shepherd.Tasks;

namespace Shepherd.Cli.Commands;

/// <summary><c>shepherd k8s</c>: prints the manifests that run a task on Kubernetes with <c>shepherd run</c> as the
/// container's entrypoint — an agent-sandbox Sandbox (default), a Job and its claim, or a bare Pod. Nothing is applied.</summary>
internal static partial class K8sCommand
{
    public static Command Create(CliContext ctx)
    {
        var name = CommonOptions.TaskName();
        var agent = new Option<string>("--agent") { Description = "The agent the image holds", Required = true };
        var image = new Option<string>("--image") { Description = "The container image (built from the Containerfile)", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt (or --prompt-file, or stdin); it goes into a ConfigMap" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A file holding the prompt (- for stdin)" };
        var sandbox = new Option<bool>("--sandbox") { Description = "An agent-sandbox Sandbox (the default)" };
        var job = new Option<bool>("--job") { Description = "A Job and a PersistentVolumeClaim, for clusters without agent-sandbox" };
        var pod = new Option<bool>("--pod") { Description = "A bare Pod and its claim (podman kube play, a quick try)" };
        var secret = new Option<string?>("--secret") { Description = "A Secret whose keys become the agent's environment (API keys), by reference" };
        var storage = new Option<string?>("--storage") { Description = "The state volume's size (default 10Gi)" };
        var grace = new Option<string?>("--grace") { Description = "The pod's termination grace period (default 30s)" };
        var maxRuntime = new Option<string?>("--max-runtime") { Description = "Passed to shepherd run" };
        var check = new Option<string?>("--check") { Description = "Passed to shepherd run" };
        var cmd = new Command("k8s", "Print Kubernetes manifests that run a task with `shepherd run` (agent-sandbox Sandbox, or --job, or --pod)")
        {
            name, agent, image, prompt, promptFile, sandbox, job, pod, secret, storage, grace, maxRuntime, check,
        };
        cmd.SetAction(p =>
        {
            var taskName = TaskName.Validate(p.GetValue(name));
            if (!DnsLabel().IsMatch(taskName) || taskName.Length > 50)
                throw new UsageException($"'{taskName}' cannot name Kubernetes objects: use lowercase letters, digits and '-', at most 50");
            var kinds = new[] { p.GetValue(sandbox), p.GetValue(job), p.GetValue(pod) }.Count(b => b);
            if (kinds > 1) throw new UsageException("give one of --sandbox, --job and --pod");
            var adapter = AgentRegistry.Resolve(p.GetValue(agent)!, ShepherdConfig.Load().Agents);
            var img = p.GetValue(image)!.Trim();
            if (img.Length == 0 || img.Any(char.IsWhiteSpace)) throw new UsageException("--image must name an image, e.g. registry.example/shepherd:1");
            var secretName = p.GetValue(secret);
            if (secretName is not null && !DnsLabel().IsMatch(secretName)) throw new UsageException($"--secret {Printable.Quote(secretName)} is not a Secret's name");
            var size = p.GetValue(storage) ?? "10Gi";
            if (!Quantity().IsMatch(size)) throw new UsageException($"--storage {Printable.Quote(size)}: give a size such as 10Gi");
            var graceTime = p.GetValue(grace) is { } g ? Duration.Parse(g, "--grace") : TimeSpan.FromSeconds(30);
            if (graceTime < TimeSpan.FromSeconds(2)) throw new UsageException("--grace must be at least 2s");
            var runOptions = new List<string>();
            if (p.GetValue(maxRuntime) is { } mr) runOptions.AddRange(["--max-runtime", Duration.Format(Duration.Parse(mr, "--max-runtime"))]);
            if (p.GetValue(check) is { } c) runOptions.AddRange(["--check", c]);
            var promptBytes = PromptInput.Read(p.GetValue(prompt), p.GetValue(promptFile), stdinWhenNone: true)!;
            if (!IsUtf8(promptBytes)) throw new UsageException("the prompt must be UTF-8 text to go into a ConfigMap");
            var m = new Manifests(taskName, adapter.Name, img, promptBytes, secretName, size, (int)graceTime.TotalSeconds, runOptions);
            Console.Out.Write(YamlWriter.Documents(p.GetValue(job) ? m.Job() : p.GetValue(pod) ? m.Pod() : m.Sandbox()));
            return 0;
        });
        return cmd;
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try { _ = new System.Text.UTF8Encoding(false, true).GetString(bytes); return true; }
        catch (System.Text.DecoderFallbackException) { return false; }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")]
    private static partial Regex Quantity();
}
