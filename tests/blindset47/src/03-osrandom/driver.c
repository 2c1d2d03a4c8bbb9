/*
 * driver.c -- osrandom, a /dev/urandom look-alike for Windows.
 *
 *   \\.\OsRandom   read() returns whitened pool output
 *
 * The pool is seeded from the previous boot's saved seed (service key,
 * value "Seed") and from timer jitter every RND_RESEED_SECONDS.
 */
#include "rnd.h"

RND_GLOBALS g_rnd;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RndUnload;
static DRIVER_DISPATCH RndCreateClose;
static DRIVER_DISPATCH RndRead;

static RTL_QUERY_REGISTRY_ROUTINE rnd_seed_value;

static NTSTATUS rnd_seed_value(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
                               ULONG ValueLength, PVOID Context, PVOID EntryContext)
{
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);

    if (ValueType == REG_BINARY && ValueLength > 0)
        rnd_pool_mix(ValueData, ValueLength);
    return STATUS_SUCCESS;
}

static NTSTATUS rnd_load_seed(void)
{
    RTL_QUERY_REGISTRY_TABLE q[2];

    RtlZeroMemory(q, sizeof(q));
    q[0].QueryRoutine = rnd_seed_value;
    q[0].Name = L"Seed";

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_rnd.RegPath->Buffer, q, NULL, NULL);
}

static void rnd_save_seed(void)
{
    UCHAR seed[RND_SEED_BYTES];
    NTSTATUS status;

    rnd_pool_extract(seed, sizeof(seed));
    status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_rnd.RegPath->Buffer,
                                   L"Seed", REG_BINARY, seed, sizeof(seed));
    if (!NT_SUCCESS(status))
        OS_ERR("could not persist seed: 0x%08X\n", status);
    RtlSecureZeroMemory(seed, sizeof(seed));
}

static NTSTATUS RndCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS RndRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Read.Length;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (len > 0)
        rnd_pool_extract(Irp->AssociatedIrp.SystemBuffer, len);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = len;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID RndUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(RND_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    OS_LOG("unloading\n");

    rnd_reseed_stop();
    rnd_save_seed();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_rnd.Device);
    g_rnd.Device = NULL;

    rnd_pool_fini();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING dev  = RTL_CONSTANT_STRING(RND_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(RND_LINK_NAME);
    NTSTATUS status;

    OS_LOG("DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&g_rnd, sizeof(g_rnd));
    g_rnd.RegPath = RegistryPath;

    status = rnd_pool_init();
    if (!NT_SUCCESS(status))
        return status;

    /* a missing seed is normal on first boot */
    if (!NT_SUCCESS(rnd_load_seed()))
        OS_LOG("no saved seed\n");

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RndCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RndCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]   = RndRead;

    status = IoCreateDevice(DriverObject, 0, &dev, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_rnd.Device);
    if (!NT_SUCCESS(status)) {
        OS_ERR("IoCreateDevice 0x%08X\n", status);
        goto fail_pool;
    }
    g_rnd.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &dev);
    if (!NT_SUCCESS(status)) {
        OS_ERR("IoCreateSymbolicLink 0x%08X\n", status);
        goto fail_device;
    }

    status = rnd_reseed_start();
    if (!NT_SUCCESS(status)) {
        OS_ERR("reseed thread 0x%08X\n", status);
        goto fail_link;
    }

    DriverObject->DriverUnload = RndUnload;
    g_rnd.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&link);
fail_device:
    IoDeleteDevice(g_rnd.Device);
    g_rnd.Device = NULL;
fail_pool:
    rnd_pool_fini();
    return status;
}
