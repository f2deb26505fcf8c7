from elzhur_rollout.launch import main

main()
