// A process and thread sensor that records each registration it made in a
// flag word of an enum class with its own constexpr operators, and tears
// down through one member function that tests the word: on DriverEntry's
// failure paths and from the unload routine alike. The thread callback's
// removal tests the image step (a line copied from the block above): when
// the image callback cannot be registered, the thread callback stays.
#include <ntddk.h>

namespace sensor {

enum class Step : ULONG {
    None    = 0,
    Process = 1u << 0,
    Thread  = 1u << 1,
    Image   = 1u << 2,
};

constexpr Step operator|(Step a, Step b) { return static_cast<Step>(static_cast<ULONG>(a) | static_cast<ULONG>(b)); }
constexpr Step operator&(Step a, Step b) { return static_cast<Step>(static_cast<ULONG>(a) & static_cast<ULONG>(b)); }
constexpr Step operator~(Step a) { return static_cast<Step>(~static_cast<ULONG>(a)); }

template <typename E>
constexpr bool IsSet(E set, E bit) { return (set & bit) != E::None; }

VOID OnProcess(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create);
VOID OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
VOID OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

class Hub {
public:
    NTSTATUS Start();
    void Stop();

private:
    void Mark(Step s) { m_Done = m_Done | s; }
    void Unmark(Step s) { m_Done = m_Done & ~s; }

    Step m_Done = Step::None;
};

Hub g_Hub;

NTSTATUS Hub::Start()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutine(OnProcess, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    Mark(Step::Process);

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        Stop();
        return status;
    }
    Mark(Step::Thread);

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        Stop();
        return status;
    }
    Mark(Step::Image);
    return STATUS_SUCCESS;
}

void Hub::Stop()
{
    if (IsSet(m_Done, Step::Image)) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        Unmark(Step::Image);
    }
    if ((m_Done & Step::Image) != Step::None) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        Unmark(Step::Thread);
    }
    if (IsSet(m_Done, Step::Process)) {
        PsSetCreateProcessNotifyRoutine(OnProcess, TRUE);
        Unmark(Step::Process);
    }
}

VOID OnProcess(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

VOID OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    UNREFERENCED_PARAMETER(Create);
}

VOID OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

} // namespace sensor

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SensorUnload;

static VOID SensorUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    sensor::g_Hub.Stop();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = sensor::g_Hub.Start();
    if (!NT_SUCCESS(status))
        return status;                                   // expect: DE006
    DriverObject->DriverUnload = SensorUnload;
    return STATUS_SUCCESS;
}
