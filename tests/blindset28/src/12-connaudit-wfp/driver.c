/*
 * ConnAudit - driver entry and unload.
 */
#include "connaudit.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CaUnload;

#define CA_INIT_DEVICE      0x01UL
#define CA_INIT_CALLOUTS    0x02UL
#define CA_INIT_BFE         0x04UL

static ULONG          g_InitMask = 0;
static PDEVICE_OBJECT g_CaDevice = NULL;
static HANDLE         g_CaEngine = NULL;

//
// Undo whatever g_InitMask says is in place, newest first. Order matters:
// closing the dynamic session removes our filters, so no new classify
// calls can reach the callouts by the time they are unregistered, and the
// device object must outlive its callouts.
//
static VOID
CaTeardown(
    VOID
    )
{
    NTSTATUS status;

    if (g_InitMask & CA_INIT_BFE) {
        status = FwpmEngineClose0(g_CaEngine);
        if (!NT_SUCCESS(status)) {
            KdPrint(("ConnAudit: FwpmEngineClose0 0x%08X\n", status));
        }
        g_CaEngine = NULL;
        g_InitMask &= ~CA_INIT_BFE;
    }

    if (g_InitMask & CA_INIT_CALLOUTS) {
        CaUnregisterCallouts();
        g_InitMask &= ~CA_INIT_CALLOUTS;
    }

    if (g_InitMask & CA_INIT_DEVICE) {
        IoDeleteDevice(g_CaDevice);
        g_CaDevice = NULL;
        g_InitMask &= ~CA_INIT_DEVICE;
    }
}

VOID
CaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    CaLogCounters();
    CaTeardown();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    do {
        status = IoCreateDevice(DriverObject,
                                0,
                                NULL,
                                FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN,
                                FALSE,
                                &g_CaDevice);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_InitMask |= CA_INIT_DEVICE;

        status = CaRegisterCallouts(g_CaDevice);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_InitMask |= CA_INIT_CALLOUTS;

        status = CaInstallFilters(&g_CaEngine);
        if (!NT_SUCCESS(status)) {
            break;
        }
        g_InitMask |= CA_INIT_BFE;
    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        KdPrint(("ConnAudit: DriverEntry failed 0x%08X (init mask 0x%lx)\n", status, g_InitMask));
        CaTeardown();
        return status;
    }

    DriverObject->DriverUnload = CaUnload;
    return STATUS_SUCCESS;
}
