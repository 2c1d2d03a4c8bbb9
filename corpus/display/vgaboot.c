/*
 * vgaboot.c - video miniport for the boot-time framebuffer of the panel
 * controller on the kiosk boards. It is an XDDM video miniport: the video
 * port driver owns the driver object, so DriverEntry has the documented
 * miniport form ULONG DriverEntry(PVOID Context1, PVOID Context2) and
 * hands both contexts to VideoPortInitialize.
 */

#include <miniport.h>
#include <video.h>

#define VGAB_MAX_HEIGHT 768

/* winerror.h codes, which a miniport may not include next to the DDK. */
#ifndef NO_ERROR
#define NO_ERROR                0L
#endif
#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION  1L
#endif

static VP_STATUS VgabFindAdapter(PVOID HwDeviceExtension, PVOID HwContext, PWSTR ArgumentString,
                                 PVIDEO_PORT_CONFIG_INFO ConfigInfo, PUCHAR Again);
static BOOLEAN VgabInitialize(PVOID HwDeviceExtension);
static BOOLEAN VgabStartIo(PVOID HwDeviceExtension, PVIDEO_REQUEST_PACKET RequestPacket);

typedef struct _VGAB_EXTENSION {
    ULONG Width;
    ULONG Height;
} VGAB_EXTENSION, *PVGAB_EXTENSION;

ULONG
DriverEntry(                                                    // expect-entry: display-miniport
    PVOID Context1,
    PVOID Context2
    )
{
    VIDEO_HW_INITIALIZATION_DATA hwInitData;

    VideoPortZeroMemory(&hwInitData, sizeof(hwInitData));

    hwInitData.HwInitDataSize = sizeof(VIDEO_HW_INITIALIZATION_DATA);
    hwInitData.HwFindAdapter = VgabFindAdapter;
    hwInitData.HwInitialize = VgabInitialize;
    hwInitData.HwStartIO = VgabStartIo;
    hwInitData.HwDeviceExtensionSize = sizeof(VGAB_EXTENSION);

    /* The video port driver's status is the miniport's status. */
    return VideoPortInitialize(Context1, Context2, &hwInitData, NULL);
}

static VP_STATUS
VgabFindAdapter(
    PVOID HwDeviceExtension,
    PVOID HwContext,
    PWSTR ArgumentString,
    PVIDEO_PORT_CONFIG_INFO ConfigInfo,
    PUCHAR Again
    )
{
    PVGAB_EXTENSION ext = HwDeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);

    ext->Width = 1024;
    ext->Height = VGAB_MAX_HEIGHT;
    *Again = FALSE;
    return NO_ERROR;
}

static BOOLEAN
VgabInitialize(
    PVOID HwDeviceExtension
    )
{
    UNREFERENCED_PARAMETER(HwDeviceExtension);
    return TRUE;
}

static BOOLEAN
VgabStartIo(
    PVOID HwDeviceExtension,
    PVIDEO_REQUEST_PACKET RequestPacket
    )
{
    UNREFERENCED_PARAMETER(HwDeviceExtension);

    RequestPacket->StatusBlock->Status = ERROR_INVALID_FUNCTION;
    return TRUE;
}
