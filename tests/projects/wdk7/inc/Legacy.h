/* Shared by the driver and its tool; INCLUDES names this directory. */
typedef struct _LEGACY_STATE {
	ULONG Tag;
} LEGACY_STATE;

DRIVER_DISPATCH LegacyDispatch;
