/*
 * sensorhub - register layout of the SH-200 environmental sensor bridge
 * (PCIe, one 4 KiB BAR) and helpers shared by the KMDF and WDM drivers.
 */
#pragma once

#include <ntddk.h>

#define SENSOR_TAG           'bHnS'

#define SH_REG_ID            0x000
#define SH_REG_CONTROL       0x004
#define SH_REG_STATUS        0x008
#define SH_REG_TEMP          0x010
#define SH_REG_HUMIDITY      0x014
#define SH_REG_PRESSURE      0x018

#define SH_ID_VALUE          0x53480200
#define SH_CONTROL_ENABLE    0x00000001
#define SH_CONTROL_RESET     0x80000000

#define IOCTL_SENSOR_READ    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _SENSOR_SAMPLE {
    LONG  TemperatureMilliC;
    ULONG HumidityPermille;
    ULONG PressurePa;
} SENSOR_SAMPLE, *PSENSOR_SAMPLE;

typedef struct _SENSOR_REGS {
    PUCHAR Base;
    SIZE_T Length;
} SENSOR_REGS, *PSENSOR_REGS;

NTSTATUS SensorMapRegisters(_Out_ PSENSOR_REGS Regs, _In_ PCM_PARTIAL_RESOURCE_DESCRIPTOR Memory);
VOID     SensorUnmapRegisters(_Inout_ PSENSOR_REGS Regs);
NTSTATUS SensorEnable(_In_ PSENSOR_REGS Regs);
VOID     SensorDisable(_In_ PSENSOR_REGS Regs);
VOID     SensorReadSample(_In_ PSENSOR_REGS Regs, _Out_ PSENSOR_SAMPLE Sample);
