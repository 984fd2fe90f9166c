using System.Runtime.InteropServices;
using Shepherd.Tasks;

namespace Shepherd.Cli;

/// <summary>execv(2): this process becomes another program with the same pid, stdin, stdout, stderr and environment,
/// and nothing of this one stays around.</summary>
internal static partial class ProcessImage
{
    /// <summary>Returns only by throwing (when the kernel refused to run <paramref name="command"/>).</summary>
    public static void Replace(IReadOnlyList<string> command)
    {
        string?[] argv = [.. command, null];
        execv(command[0], argv);
        throw new OperationFailedException($"could not run {Printable.Escape(command[0])}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execv(string path, string?[] argv);
}
