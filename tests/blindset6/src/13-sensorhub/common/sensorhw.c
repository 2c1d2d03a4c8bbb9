#include "sensorhw.h"

NTSTATUS
SensorMapRegisters(
    _Out_ PSENSOR_REGS Regs,
    _In_ PCM_PARTIAL_RESOURCE_DESCRIPTOR Memory
    )
{
    Regs->Base = NULL;
    Regs->Length = 0;

    if (Memory->Type != CmResourceTypeMemory || Memory->u.Memory.Length < 0x100) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    Regs->Base = (PUCHAR)MmMapIoSpaceEx(Memory->u.Memory.Start,
                                        Memory->u.Memory.Length,
                                        PAGE_READWRITE | PAGE_NOCACHE);
    if (Regs->Base == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Regs->Length = Memory->u.Memory.Length;
    return STATUS_SUCCESS;
}

VOID
SensorUnmapRegisters(
    _Inout_ PSENSOR_REGS Regs
    )
{
    if (Regs->Base != NULL) {
        MmUnmapIoSpace(Regs->Base, Regs->Length);
        Regs->Base = NULL;
        Regs->Length = 0;
    }
}

NTSTATUS
SensorEnable(
    _In_ PSENSOR_REGS Regs
    )
{
    if (READ_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_ID)) != SH_ID_VALUE) {
        return STATUS_DEVICE_NOT_CONNECTED;
    }
    WRITE_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_CONTROL), SH_CONTROL_RESET);
    KeStallExecutionProcessor(50);
    WRITE_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_CONTROL), SH_CONTROL_ENABLE);
    return STATUS_SUCCESS;
}

VOID
SensorDisable(
    _In_ PSENSOR_REGS Regs
    )
{
    if (Regs->Base != NULL) {
        WRITE_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_CONTROL), 0);
    }
}

VOID
SensorReadSample(
    _In_ PSENSOR_REGS Regs,
    _Out_ PSENSOR_SAMPLE Sample
    )
{
    Sample->TemperatureMilliC = (LONG)READ_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_TEMP));
    Sample->HumidityPermille = READ_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_HUMIDITY));
    Sample->PressurePa = READ_REGISTER_ULONG((PULONG)(Regs->Base + SH_REG_PRESSURE));
}
