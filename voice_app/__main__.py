from voice_app.cli import main

raise SystemExit(main())
