/*
 * config.c - reads <service key>\Parameters
 *
 * Copyright (c) PktMeter contributors. MIT licensed.
 */
#include "precomp.h"

#pragma alloc_text(INIT, PmReadConfig)
#pragma alloc_text(PAGE, PmFreeConfig)

static NTSTATUS PmQueryDword(_In_ HANDLE Key, _In_ PCWSTR Name, _Out_ PULONG Value)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    RtlCopyMemory(Value, info->Data, sizeof(ULONG));
    return STATUS_SUCCESS;
}

NTSTATUS PmReadConfig(_In_ PUNICODE_STRING RegistryPath, _Outptr_ PPM_CONFIG *Config)
{
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    PPM_CONFIG config;
    ULONG value;
    NTSTATUS status;

    PAGED_CODE();
    *Config = NULL;

    config = (PPM_CONFIG)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PM_CONFIG), PM_TAG);
    if (config == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    config->MaxReportedModules = PM_DEFAULT_MAX_REPORTED;
    config->EthernetOnly = 1;

    /* a missing Parameters key just means "use the defaults" */
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&oa, &paramsName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
        status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
        if (NT_SUCCESS(status)) {
            if (NT_SUCCESS(PmQueryDword(paramsKey, L"MaxReportedModules", &value)) && value != 0 && value <= 1024) {
                config->MaxReportedModules = value;
            }
            if (NT_SUCCESS(PmQueryDword(paramsKey, L"EthernetOnly", &value))) {
                config->EthernetOnly = (value != 0);
            }
            ZwClose(paramsKey);
        }
        ZwClose(serviceKey);
    }

    PM_TRACE(PM_LEVEL_INFO, "MaxReportedModules=%lu EthernetOnly=%lu", config->MaxReportedModules, config->EthernetOnly);
    *Config = config;
    return STATUS_SUCCESS;
}

VOID PmFreeConfig(_In_ PPM_CONFIG Config)
{
    PAGED_CODE();
    ExFreePoolWithTag(Config, PM_TAG);
}
