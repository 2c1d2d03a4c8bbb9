/*
 * reclist.c - DriverEntry runs a table of init steps; a failed step undoes
 * the ones before it through the same routine Unload uses.
 */
#include "reclist.h"

RL_STATE g_Rl;

typedef NTSTATUS (*RL_INIT_FN)(PDRIVER_OBJECT DriverObject);
typedef VOID (*RL_FINI_FN)(PDRIVER_OBJECT DriverObject);

typedef struct _RL_STEP {
    PCSTR      Name;
    RL_INIT_FN Init;
    RL_FINI_FN Fini;
    ULONG      Flag;
} RL_STEP;

static const RL_STEP g_Steps[] = {
    { "records",  RecInit,       RecFini,      RLF_RECORDS  },
    { "devices",  DevCreateAll,  DevDeleteAll, RLF_DEVICES  },
    { "dispatch", RlSetDispatch, NULL,         RLF_DISPATCH },
};

static VOID RlTeardown(PDRIVER_OBJECT DriverObject)
{
    ULONG i = ARRAYSIZE(g_Steps);

    while (i-- > 0) {
        if ((g_Rl.Flags & g_Steps[i].Flag) && g_Steps[i].Fini != NULL) {
            g_Steps[i].Fini(DriverObject);
        }
        g_Rl.Flags &= ~g_Steps[i].Flag;
    }
}

static VOID RlUnload(PDRIVER_OBJECT DriverObject)
{
    RlTeardown(DriverObject);
    LOG("unloaded%s", "");
}

static NTSTATUS RlComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS RlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RlComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS RlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    BOOLEAN admin = ((PRL_DEVICE_EXT)DeviceObject->DeviceExtension)->Admin;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG id;
    NTSTATUS status;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RL_ADD:
        if (!admin) {
            return RlComplete(Irp, STATUS_ACCESS_DENIED, 0);
        }
        if (outLen < sizeof(ULONG)) {
            return RlComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        status = RecAdd(buf, inLen, &id);
        if (NT_SUCCESS(status)) {
            *(PULONG)buf = id;
            return RlComplete(Irp, status, sizeof(ULONG));
        }
        return RlComplete(Irp, status, 0);

    case IOCTL_RL_TAKE: {
        RL_RECORD rec;
        if (outLen < FIELD_OFFSET(RL_RECORD, Payload)) {
            return RlComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        status = RecTake(&rec);
        if (!NT_SUCCESS(status)) {
            return RlComplete(Irp, status, 0);
        }
        /* hand back id, length and as much payload as fits */
        outLen = min(outLen, (ULONG)sizeof(RL_RECORD));
        RtlCopyMemory(buf, &rec, outLen);
        return RlComplete(Irp, STATUS_SUCCESS, outLen);
    }

    case IOCTL_RL_CLEAR:
        if (!admin) {
            return RlComplete(Irp, STATUS_ACCESS_DENIED, 0);
        }
        RecClear();
        return RlComplete(Irp, STATUS_SUCCESS, 0);

    default:
        return RlComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

NTSTATUS RlSetDispatch(PDRIVER_OBJECT DriverObject)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RlDeviceControl;
    return STATUS_SUCCESS;
}

static NTSTATUS RlReadConfig(PUNICODE_STRING RegistryPath, RL_CONFIG *Config)
{
    RTL_QUERY_REGISTRY_TABLE table[3];

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"MaxRecords";
    table[0].EntryContext = &Config->MaxRecords;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"Verbose";
    table[1].EntryContext = &Config->Verbose;

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;

    RtlZeroMemory(&g_Rl, sizeof(g_Rl));

    status = RlReadConfig(RegistryPath, &g_Rl.Config);
    if (!NT_SUCCESS(status) || g_Rl.Config.MaxRecords == 0) {
        LOG_RETURN(status);
        g_Rl.Config.MaxRecords = 256;
    }

    for (i = 0; i < ARRAYSIZE(g_Steps); i++) {
        status = g_Steps[i].Init(DriverObject);
        if (!NT_SUCCESS(status)) {
            LOG("init step '%s' failed 0x%08X", g_Steps[i].Name, status);
            RlTeardown(DriverObject);
            return status;
        }
        g_Rl.Flags |= g_Steps[i].Flag;
    }

#if DBG
    /* checked builds refuse to load with a broken list */
    status = RecSelfTest();
    if (!NT_SUCCESS(status)) {
        LOG("self test failed 0x%08X", status);
        RlTeardown(DriverObject);
        return status;
    }
#endif

    DriverObject->DriverUnload = RlUnload;
    LOG("ready, max %lu records", g_Rl.Config.MaxRecords);
    return STATUS_SUCCESS;
}
