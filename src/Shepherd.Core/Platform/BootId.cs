namespace Shepherd.Platform;

/// <summary>The kernel's boot id: a different value proves every process of the old boot is gone.
/// <c>SHEPHERD_BOOT_ID_FILE</c> lets tests simulate a reboot.</summary>
public static class BootId
{
    public static string Current()
    {
        var path = Environment.GetEnvironmentVariable("SHEPHERD_BOOT_ID_FILE") is { Length: > 0 } p
            ? p : "/proc/sys/kernel/random/boot_id";
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return "unknown"; }
    }
}
