/*
 * thrcount.sys - counts thread creations per second and writes the peak
 * back under the service key when unloaded.
 */
#include <ntddk.h>

#define TC_TAG 'tnCT'

static UNICODE_STRING g_ServiceKey = { 0 };   // private copy of RegistryPath
static volatile LONG  g_Threads = 0;
static BOOLEAN        g_NotifyOn = FALSE;
static PDEVICE_OBJECT g_Device = NULL;

static VOID OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    if (Create)
        InterlockedIncrement(&g_Threads);
}

static NTSTATUS CopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    g_ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, TC_TAG);
    if (g_ServiceKey.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_ServiceKey.Length = 0;
    g_ServiceKey.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g_ServiceKey, RegistryPath);
    return STATUS_SUCCESS;
}

static VOID SaveCount(VOID)
{
    ULONG value = (ULONG)g_Threads;
    RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_ServiceKey.Buffer, L"LastCount",
                          REG_DWORD, &value, sizeof(value));
}

static VOID TcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_NotifyOn)
        PsRemoveCreateThreadNotifyRoutine(OnThread);
    SaveCount();
    ExFreePoolWithTag(g_ServiceKey.Buffer, TC_TAG);
    IoDeleteDevice(g_Device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;

    __try {
        status = CopyServiceKey(RegistryPath);
        if (!NT_SUCCESS(status))
            __leave;

        // RtlWriteRegistryValue wants a NUL-terminated path: reallocate with room for it
        {
            USHORT cb = g_ServiceKey.Length + sizeof(WCHAR);
            PWCH p = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, TC_TAG);
            if (p == NULL) {
                status = STATUS_INSUFFICIENT_RESOURCES;
                __leave;
            }
            RtlCopyMemory(p, g_ServiceKey.Buffer, g_ServiceKey.Length);
            p[g_ServiceKey.Length / sizeof(WCHAR)] = L'\0';
            ExFreePoolWithTag(g_ServiceKey.Buffer, TC_TAG);
            g_ServiceKey.Buffer = p;
            g_ServiceKey.MaximumLength = cb;
        }

        status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
        if (!NT_SUCCESS(status)) {
            g_Device = NULL;
            __leave;
        }

        status = PsSetCreateThreadNotifyRoutine(OnThread);
        if (!NT_SUCCESS(status))
            __leave;
        g_NotifyOn = TRUE;

        DriverObject->DriverUnload = TcUnload;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            KdPrint(("thrcount: init failed 0x%08X\n", status));
            if (g_Device) {
                IoDeleteDevice(g_Device);
                g_Device = NULL;
            }
            if (g_ServiceKey.Buffer) {
                ExFreePoolWithTag(g_ServiceKey.Buffer, TC_TAG);
                RtlZeroMemory(&g_ServiceKey, sizeof(g_ServiceKey));
            }
        }
    }
    return status;
}
