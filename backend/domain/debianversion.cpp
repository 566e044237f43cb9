#include "debianversion.h"
