#include "piprequirement.h"
