namespace Shepherd.Cli.Kubernetes;

/// <summary>What <c>shepherd k8s</c> prints: one task as Kubernetes objects whose container runs <c>shepherd run</c>. The
/// state volume holds SHEPHERD_HOME, the agents' homes (HOME) and the project directory, so a pod that is lost and made
/// again resumes the conversation by id; the prompt comes from a ConfigMap; credentials come from a Secret by reference
/// only — no secret value is ever written here.</summary>
internal sealed record Manifests(string Name, string Agent, string Image, byte[] Prompt, string? Secret, string Storage, int GraceSeconds,
    IReadOnlyList<string> RunOptions)
{
    public const string StateMount = "/state";
    public const string PromptMount = "/etc/shepherd";
    public string ProjectDir => $"{StateMount}/work";

    private Map Labels() => new() { { "app.kubernetes.io/name", "shepherd" }, { "app.kubernetes.io/managed-by", "shepherd" }, { "shepherd.dev/task", Name } };

    private Map Meta(string name) => new() { { "name", name }, { "labels", Labels() } };

    public Map PromptConfigMap() => new()
    {
        { "apiVersion", "v1" }, { "kind", "ConfigMap" }, { "metadata", Meta($"{Name}-prompt") },
        { "data", new Map { { "prompt", System.Text.Encoding.UTF8.GetString(Prompt) } } },
    };

    /// <summary>The container: a shell makes the directories the run needs on a fresh volume, then becomes
    /// <c>shepherd run</c> (exec), which gets the pod's SIGTERM itself.</summary>
    private Map Container()
    {
        object[] command =
        [
            "sh", "-c", $"mkdir -p {ProjectDir} {StateMount}/home {StateMount}/shepherd && exec \"$@\"", "shepherd",
            "shepherd", "run", Name, "--agent", Agent, "--dir", ProjectDir, "--prompt-file", $"{PromptMount}/prompt",
            "--grace", $"{Math.Max(1, GraceSeconds - 5)}s", .. RunOptions,
        ];
        var c = new Map
        {
            { "name", "shepherd" }, { "image", Image }, { "command", command },
            {
                "env", new object[]
                {
                    new Map { { "name", "SHEPHERD_HOME" }, { "value", $"{StateMount}/shepherd" } },
                    new Map { { "name", "HOME" }, { "value", $"{StateMount}/home" } },
                    new Map { { "name", "SHEPHERD_NO_AUTO_DAEMON" }, { "value", "1" } },
                }
            },
        };
        if (Secret is not null) c.Add("envFrom", new object[] { new Map { { "secretRef", new Map { { "name", Secret } } } } });
        c.Add("volumeMounts", new object[]
        {
            new Map { { "name", "state" }, { "mountPath", StateMount } },
            new Map { { "name", "prompt" }, { "mountPath", PromptMount }, { "readOnly", true } },
        });
        return c;
    }

    private Map PromptVolume() => new() { { "name", "prompt" }, { "configMap", new Map { { "name", $"{Name}-prompt" } } } };

    /// <param name="restartPolicy">OnFailure: a run that exits 75 (or is killed) is started again in the same pod, one that
    /// succeeded ends it. Never for a Job (its podFailurePolicy needs it).</param>
    private Map PodSpec(string restartPolicy, Map? stateVolume)
    {
        var spec = new Map
        {
            { "restartPolicy", restartPolicy }, { "terminationGracePeriodSeconds", GraceSeconds }, { "containers", new object[] { Container() } },
        };
        spec.Add("volumes", stateVolume is null ? new object[] { PromptVolume() } : new object[] { stateVolume, PromptVolume() });
        return spec;
    }

    private Map ClaimSpec() => new()
    {
        { "accessModes", new object[] { "ReadWriteOnce" } }, { "resources", new Map { { "requests", new Map { { "storage", Storage } } } } },
    };

    private Map Claim(string name) => new() { { "apiVersion", "v1" }, { "kind", "PersistentVolumeClaim" }, { "metadata", Meta(name) }, { "spec", ClaimSpec() } };

    private static Map ClaimVolume(string claim) =>
        new() { { "name", "state" }, { "persistentVolumeClaim", new Map { { "claimName", claim } } } };

    /// <summary>agent-sandbox's Sandbox: one stateful pod; the controller makes the claim <c>state-NAME</c> from the template
    /// and a missing pod again, bound to it.</summary>
    public IEnumerable<Map> Sandbox() =>
    [
        PromptConfigMap(),
        new Map
        {
            { "apiVersion", "agents.x-k8s.io/v1alpha1" }, { "kind", "Sandbox" }, { "metadata", Meta(Name) },
            {
                "spec", new Map
                {
                    { "podTemplate", new Map { { "metadata", new Map { { "labels", Labels() } } }, { "spec", PodSpec("OnFailure", null) } } },
                    { "volumeClaimTemplates", new object[] { new Map { { "metadata", new Map { { "name", "state" } } }, { "spec", ClaimSpec() } } } },
                }
            },
        },
    ];

    /// <summary>A plain Job and its claim, for clusters without agent-sandbox: exit 1 (failed or stopped) fails the Job, exit 75
    /// and a disruption make a new pod.</summary>
    public IEnumerable<Map> Job() =>
    [
        PromptConfigMap(),
        Claim($"{Name}-state"),
        new Map
        {
            { "apiVersion", "batch/v1" }, { "kind", "Job" }, { "metadata", Meta(Name) },
            {
                "spec", new Map
                {
                    { "backoffLimit", 100 },
                    {
                        "podFailurePolicy", new Map
                        {
                            {
                                "rules", new object[]
                                {
                                    new Map { { "action", "FailJob" }, { "onExitCodes", new Map { { "containerName", "shepherd" }, { "operator", "In" }, { "values", new object[] { 1 } } } } },
                                    new Map { { "action", "Ignore" }, { "onPodConditions", new object[] { new Map { { "type", "DisruptionTarget" } } } } },
                                }
                            },
                        }
                    },
                    { "template", new Map { { "metadata", new Map { { "labels", Labels() } } }, { "spec", PodSpec("Never", ClaimVolume($"{Name}-state")) } } },
                }
            },
        },
    ];

    /// <summary>The Sandbox's pod as a bare Pod with its claim (<c>podman kube play</c>, or a quick try on a cluster).</summary>
    public IEnumerable<Map> Pod() =>
    [
        PromptConfigMap(),
        Claim($"state-{Name}"),
        new Map
        {
            { "apiVersion", "v1" }, { "kind", "Pod" }, { "metadata", Meta(Name) }, { "spec", PodSpec("OnFailure", ClaimVolume($"state-{Name}")) },
        },
    ];
}
