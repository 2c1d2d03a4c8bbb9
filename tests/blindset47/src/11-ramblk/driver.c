/*
 * ramblk - RAM backed raw block device (\\.\RamBlk0).
 *
 * Parameters\SizeMb picks the size.  Peak throughput is written back as
 * Parameters\PeakBps on unload, which is why we keep the service key path.
 */
#include "ramblk.h"

RB_GLOBALS g_rb;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RbUnload;
static KDEFERRED_ROUTINE rb_stats_tick;

static NTSTATUS rb_copy_regpath(PCUNICODE_STRING src)
{
    USHORT bytes = src->Length + sizeof(WCHAR);

    g_rb.RegPath.Buffer = (PWCH)os_alloc(bytes);
    if (g_rb.RegPath.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    g_rb.RegPath.Length = 0;
    g_rb.RegPath.MaximumLength = bytes;
    RtlCopyUnicodeString(&g_rb.RegPath, src);
    g_rb.RegPath.Buffer[g_rb.RegPath.Length / sizeof(WCHAR)] = L'\0';
    return STATUS_SUCCESS;
}

static void rb_read_params(void)
{
    RTL_QUERY_REGISTRY_TABLE q[3];
    ULONG def = RB_DEFAULT_MB;
    NTSTATUS status;

    g_rb.SizeMb = RB_DEFAULT_MB;

    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    q[0].Name  = L"Parameters";
    q[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[1].Name  = L"SizeMb";
    q[1].EntryContext = &g_rb.SizeMb;
    q[1].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    q[1].DefaultData  = &def;
    q[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    g_rb.RegPath.Buffer, q, NULL, NULL);
    if (!NT_SUCCESS(status) || g_rb.SizeMb == 0 || g_rb.SizeMb > RB_MAX_MB) {
        OS_WARN("SizeMb unusable (0x%08X, %lu), using %u\n", status, g_rb.SizeMb, RB_DEFAULT_MB);
        g_rb.SizeMb = RB_DEFAULT_MB;
    }
}

static VOID rb_stats_tick(PKDPC Dpc, PVOID Ctx, PVOID Arg1, PVOID Arg2)
{
    LONG64 bps;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    bps = InterlockedExchange64(&g_rb.BytesIo, 0) * 1000 / RB_STATS_PERIOD_MS;
    if (bps > g_rb.PeakBps)
        g_rb.PeakBps = bps;
}

static VOID RbUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(RB_LINK_NAME);
    ULONG peakKb;

    UNREFERENCED_PARAMETER(DriverObject);

    os_tick_stop(&g_rb.Stats);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_rb.Device);
    g_rb.Device = NULL;

    peakKb = (ULONG)(g_rb.PeakBps / 1024);
    (VOID)RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_rb.RegPath.Buffer,
                                L"PeakKBps", REG_DWORD, &peakKb, sizeof(peakKb));

    os_free(g_rb.Disk);
    g_rb.Disk = NULL;
    os_free(g_rb.RegPath.Buffer);
    RtlZeroMemory(&g_rb.RegPath, sizeof(g_rb.RegPath));

    OS_PRINT("unloaded, peak %lu KB/s\n", peakKb);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING dev  = RTL_CONSTANT_STRING(RB_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(RB_LINK_NAME);
    NTSTATUS status;

    RtlZeroMemory(&g_rb, sizeof(g_rb));

    status = rb_copy_regpath(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    rb_read_params();

    g_rb.DiskBytes = (ULONGLONG)g_rb.SizeMb * 1024 * 1024;
    g_rb.Disk = (PUCHAR)os_alloc((SIZE_T)g_rb.DiskBytes);
    if (g_rb.Disk == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto free_path;
    }
    RtlZeroMemory(g_rb.Disk, (SIZE_T)g_rb.DiskBytes);
    os_lock_init(&g_rb.Lock);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = RbReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = RbReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RbDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &dev, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_rb.Device);
    if (!NT_SUCCESS(status)) {
        OS_WARN("IoCreateDevice 0x%08X\n", status);
        goto free_disk;
    }
    g_rb.Device->Flags |= DO_DIRECT_IO;
    g_rb.Device->AlignmentRequirement = FILE_WORD_ALIGNMENT;

    status = IoCreateSymbolicLink(&link, &dev);
    if (!NT_SUCCESS(status)) {
        OS_WARN("IoCreateSymbolicLink 0x%08X\n", status);
        goto delete_device;
    }

    /* nothing below can fail, so the tick is the last thing to start */
    os_tick_start(&g_rb.Stats, rb_stats_tick, NULL, RB_STATS_PERIOD_MS);

    DriverObject->DriverUnload = RbUnload;
    g_rb.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    OS_PRINT("%lu MB at %p\n", g_rb.SizeMb, g_rb.Disk);
    return STATUS_SUCCESS;

delete_device:
    IoDeleteDevice(g_rb.Device);
    g_rb.Device = NULL;
free_disk:
    os_free(g_rb.Disk);
    g_rb.Disk = NULL;
free_path:
    os_free(g_rb.RegPath.Buffer);
    RtlZeroMemory(&g_rb.RegPath, sizeof(g_rb.RegPath));
    return status;
}
