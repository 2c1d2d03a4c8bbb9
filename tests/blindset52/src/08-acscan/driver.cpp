//
// acscan - blocks known cheat tools from starting and checks its own code
//
#include "Scanner.h"

using ac::Scanner;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD AcUnload;

namespace {

PDEVICE_OBJECT g_Device;
volatile LONG  g_Blocked;

// upper case, matched anywhere in the image path
const PCWSTR kBlacklist[] = {
    L"CHEATENGINE",
    L"X64DBG",
    L"X32DBG",
    L"PROCESSHACKER",
    L"KSDUMPER",
};

void OnProcessCreate(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (!CreateInfo || !CreateInfo->ImageFileName || !CreateInfo->ImageFileName->Buffer) {
        return;
    }

    auto containsNoCase = [](PCUNICODE_STRING hay, PCWSTR needle) -> bool {
        SIZE_T n = wcslen(needle);
        SIZE_T h = hay->Length / sizeof(WCHAR);
        for (SIZE_T i = 0; i + n <= h; i++) {
            SIZE_T j = 0;
            while (j < n && RtlUpcaseUnicodeChar(hay->Buffer[i + j]) == needle[j]) {
                j++;
            }
            if (j == n) {
                return true;
            }
        }
        return false;
    };

    for (auto name : kBlacklist) {
        if (containsNoCase(CreateInfo->ImageFileName, name)) {
            AC_LOG("blocking %wZ (pid %p)", CreateInfo->ImageFileName, ProcessId);
            CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
            InterlockedIncrement(&g_Blocked);
            return;
        }
    }
}

} // namespace

static void AcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                       reinterpret_cast<PVOID>(OnProcessCreate), TRUE);
    Scanner::Teardown();
    IoDeleteDevice(g_Device);

    AC_LOG("unloaded: %ld launches blocked, %lu integrity failures", g_Blocked, Scanner::Mismatches());
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    AcCrc32Init();

    // unnamed; it only exists so the work item has a device to hang on to
    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        AC_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = Scanner::Initialize(DriverObject, g_Device);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                reinterpret_cast<PVOID>(OnProcessCreate), FALSE);
    if (!NT_SUCCESS(status)) {
        AC_LOG("PsSetCreateProcessNotifyRoutineEx2 0x%08X", status);
        Scanner::Teardown();
        IoDeleteDevice(g_Device);
        return status;
    }

    Scanner::Arm();

    DriverObject->DriverUnload = AcUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    AC_LOG("loaded");
    return STATUS_SUCCESS;
}
