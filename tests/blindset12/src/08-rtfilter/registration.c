#include "rtfilter.h"

// room for the largest mode plus the terminator
static FLT_OPERATION_REGISTRATION s_Ops[3];

ULONG
NwReadMode(_In_ PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Mode");
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG got = 0;
    ULONG mode = NW_MODE_WRITE_ONLY;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return mode;
    }

    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof(buf), &got);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        mode = *(PULONG)info->Data;
    }
    ZwClose(key);
    return mode;
}

VOID
NwBuildRegistration(_Out_ FLT_REGISTRATION* Reg, _In_ ULONG Mode)
{
    ULONG n = 0;

    RtlZeroMemory(s_Ops, sizeof(s_Ops));

    s_Ops[n].MajorFunction = IRP_MJ_WRITE;
    s_Ops[n].Flags = FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO;
    s_Ops[n].PreOperation = NwPreWrite;
    n++;

    if (Mode == NW_MODE_WRITE_RENAME) {
        s_Ops[n].MajorFunction = IRP_MJ_SET_INFORMATION;
        s_Ops[n].PreOperation = NwPreSetInfo;
        n++;
    }
    s_Ops[n].MajorFunction = IRP_MJ_OPERATION_END;

    RtlZeroMemory(Reg, sizeof(*Reg));
    Reg->Size = sizeof(FLT_REGISTRATION);
    Reg->Version = FLT_REGISTRATION_VERSION;
    Reg->Flags = 0;
    Reg->OperationRegistration = s_Ops;
    Reg->FilterUnloadCallback = NwUnload;
    Reg->InstanceQueryTeardownCallback = NwQueryTeardown;
}
